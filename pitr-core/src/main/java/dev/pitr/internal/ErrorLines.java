package dev.pitr.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds pgBackRest's {@code ERROR: [NNN]: message} line and the HINT lines after it in a command's output
 * tail. Console lines may carry a {@code P00 } process prefix and a timestamp.
 */
public final class ErrorLines {
    private static final Pattern ERROR = Pattern.compile("ERROR: \\[(\\d{3})]: (.*)$");
    private static final Pattern HINT = Pattern.compile("HINT: (.*)$");

    /** The parsed error: its code, message (with indented continuation lines) and hints. */
    public record Parsed(int code, String message, List<String> hints) {
    }

    private ErrorLines() {
    }

    public static Optional<Parsed> parse(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            Matcher m = ERROR.matcher(tail.get(i));
            if (m.find()) {
                StringBuilder message = new StringBuilder(m.group(2).strip());
                List<String> hints = new ArrayList<>();
                for (int j = i + 1; j < tail.size(); j++) {
                    String next = tail.get(j);
                    Matcher h = HINT.matcher(next);
                    if (h.find()) {
                        hints.add(h.group(1).strip());
                    } else if (!next.isEmpty() && Character.isWhitespace(next.charAt(0))) {
                        message.append(' ').append(next.strip());
                    } else {
                        break;
                    }
                }
                return Optional.of(new Parsed(Integer.parseInt(m.group(1)), message.toString(), hints));
            }
        }
        return Optional.empty();
    }
}
