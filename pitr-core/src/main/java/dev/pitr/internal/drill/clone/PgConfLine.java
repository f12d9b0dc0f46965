package dev.pitr.internal.drill.clone;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a PostgreSQL configuration file ({@code name = value}, the {@code =} optional, {@code #}
 * comments, values bare or single-quoted with {@code ''} or {@code \'} for a quote), as far as the drill
 * needs to read it: the parameter (or directive: {@code include}, {@code include_dir},
 * {@code include_if_exists}) and its value.
 */
record PgConfLine(String name, String value) {
    private static final Pattern LINE = Pattern.compile(
            "^\\s*([A-Za-z_][A-Za-z0-9_.$]*)\\s*(?:=\\s*|\\s+)('(?:[^'\\\\]|''|\\\\.)*'|[^\\s#']+)\\s*(?:#.*)?$");

    /** The setting on this line, or empty for a blank line, a comment or a line PostgreSQL would refuse. */
    static Optional<PgConfLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        String raw = m.group(2);
        String value = raw.startsWith("'") ? unquote(raw.substring(1, raw.length() - 1)) : raw;
        return Optional.of(new PgConfLine(m.group(1).toLowerCase(Locale.ROOT), value));
    }

    /** A value as a single-quoted configuration-file string. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    boolean isInclude() {
        return name.equals("include") || name.equals("include_dir") || name.equals("include_if_exists");
    }

    private static String unquote(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '\'' || c == '\\') && i + 1 < s.length()) {
                out.append(s.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
