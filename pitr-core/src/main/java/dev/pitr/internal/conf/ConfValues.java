package dev.pitr.internal.conf;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Checks for every value pitr lets reach a configuration file, refused before anything runs. pgBackRest
 * writes pgbackrest.conf lines ({@code key=value}, no quoting) and the restored cluster's
 * {@code postgresql.auto.conf} ({@code key = 'value'}, without escaping anything). A line break in a value
 * adds settings of the caller's choosing, e.g. a {@code recovery_end_command} that runs as postgres; a quote
 * ends PostgreSQL's string early. So:
 * <ul>
 * <li>no value may hold a control character (line breaks included): {@link #plainText};</li>
 * <li>values PostgreSQL reads from a quoted string are escaped by pitr ({@code '} and {@code \} doubled),
 * so they round-trip exactly: {@link #postgresQuoted};</li>
 * <li>paths pgBackRest copies into {@code restore_command}, which PostgreSQL runs through /bin/sh, hold
 * no shell or PostgreSQL metacharacter: {@link #commandPath}.</li>
 * </ul>
 */
public final class ConfValues {
    /** PostgreSQL setting names (custom ones carry a dot, e.g. {@code pg_stat_statements.max}). */
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)*");
    /** pgBackRest option names. */
    private static final Pattern OPTION_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** Besides letters and digits, what a path copied into restore_command may hold. */
    private static final String PATH_PUNCTUATION = "/._-+,:@=";

    private ConfValues() {
    }

    /**
     * Refuses control characters (line breaks, tabs, NUL, escape...) and Unicode line separators.
     *
     * @param what what the value is, for the message, e.g. "the restore point name"
     */
    public static String plainText(Setting setting, String value, String what) {
        return plainText(setting, null, value, what);
    }

    /** {@link #plainText(Setting, String, String)} of a value that belongs to a pgBackRest option (or null). */
    public static String plainText(Setting setting, String option, String value, String what) {
        if (value == null) {
            throw new PitrConfigurationException(setting, option, what + " is missing", "give a value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new PitrConfigurationException(setting, option, what + " '" + printable(value) + "' holds a control character ("
                        + describe(c) + " at position " + i + "); written into a configuration file it would start a new "
                        + "setting", "remove line breaks and other control characters from it");
            }
        }
        return value;
    }

    /**
     * The value as pgBackRest must receive it to write {@code key = 'value'} that PostgreSQL reads back as
     * {@code value}: quotes and backslashes doubled (pgBackRest escapes neither). Control characters are refused.
     */
    public static String postgresQuoted(Setting setting, String value, String what) {
        return plainText(setting, value, what).replace("\\", "\\\\").replace("'", "''");
    }

    /** A PostgreSQL setting name, as a recovery option's name must be. */
    public static String settingName(Setting setting, String name) {
        if (name == null || !SETTING_NAME.matcher(name).matches()) {
            throw new PitrConfigurationException(setting, "'" + printable(String.valueOf(name)) + "' is not a PostgreSQL "
                    + "setting name", "give a name such as recovery_end_command or my_extension.setting (letters, digits, "
                            + "'_', '$', one '.' between parts)");
        }
        return name;
    }

    /** A pgBackRest option name as a pgbackrest.conf key. */
    public static String optionName(Setting setting, String name) {
        if (name == null || !OPTION_NAME.matcher(name).matches()) {
            throw new PitrConfigurationException(setting, printable(String.valueOf(name)), "'"
                    + printable(String.valueOf(name)) + "' is not a pgBackRest "
                    + "option name", "give an option as pgBackRest's reference names it, e.g. compress-type");
        }
        return name;
    }

    /**
     * A path pgBackRest copies into the restored cluster's {@code restore_command} ({@code --config},
     * {@code --pg1-path}): letters, digits, spaces and {@code / . _ - + , : @ =} only.
     */
    public static Path commandPath(Setting setting, Path path, String what) {
        String text = path.toString();
        plainText(setting, text, what);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != ' ' && PATH_PUNCTUATION.indexOf(c) < 0) {
                throw new PitrConfigurationException(setting, what + " '" + text + "' holds '" + c + "', which would reach "
                        + "the restored cluster's restore_command (PostgreSQL runs it through /bin/sh and replaces %f, %p "
                        + "there)", "use a path of letters, digits, spaces and / . _ - + , : @ =");
            }
        }
        return path;
    }

    /** The byte length PostgreSQL counts (UTF-8). */
    public static int bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String describe(char c) {
        return switch (c) {
            case '\n' -> "a line feed";
            case '\r' -> "a carriage return";
            case '\t' -> "a tab";
            case '\0' -> "a NUL";
            default -> String.format("U+%04X", (int) c);
        };
    }

    /** The value with control characters shown as escapes, so the message itself stays one line. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
