package dev.pitr.internal;

import dev.pitr.internal.exec.Redactor;
import dev.pitr.operation.CommandResult;
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
        int i = lastErrorLine(tail);
        if (i >= 0) {
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

    /**
     * A failed command whose ERROR line is not in its tail because it went to a captured stdout: pgBackRest 2.53+
     * prints option-value errors on stdout, even for {@code info --output=json}, whose stdout pitr keeps for the
     * JSON. The ERROR line and its continuation lines are appended to the tail (redacted), so messages, audit
     * lines and the exception's output tail carry it whichever stream it was printed on.
     */
    public static CommandResult withCapturedError(CommandResult result, String capturedStdout, Redactor redactor) {
        if (result.exitCode() == 0 || capturedStdout == null || capturedStdout.isEmpty()
                || lastErrorLine(result.outputTail()) >= 0) {
            return result;
        }
        List<String> lines = capturedStdout.lines().toList();
        int at = lastErrorLine(lines);
        if (at < 0) {
            return result;
        }
        List<String> tail = new ArrayList<>(result.outputTail());
        tail.add(redactor.redact(lines.get(at)));
        for (String next : lines.subList(at + 1, lines.size())) {
            if (!HINT.matcher(next).find() && (next.isEmpty() || !Character.isWhitespace(next.charAt(0)))) {
                break;
            }
            tail.add(redactor.redact(next));
        }
        return new CommandResult(result.argv(), result.exitCode(), result.duration(), tail);
    }

    private static int lastErrorLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (ERROR.matcher(lines.get(i)).find()) {
                return i;
            }
        }
        return -1;
    }
}
