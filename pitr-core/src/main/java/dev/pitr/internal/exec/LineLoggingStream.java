package dev.pitr.internal.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * Receives a child's stdout or stderr, splits it into lines, redacts each line, logs it to SLF4J at a
 * level derived from pgBackRest's prefix ({@code ERROR:}, {@code WARN:}, {@code HINT:} continues the
 * previous level), and appends it to the shared tail. Optionally keeps the whole stream (bounded) for
 * parsing, e.g. {@code info --output=json}.
 */
final class LineLoggingStream extends OutputStream {
    private static final int CAPTURE_LIMIT = 64 * 1024 * 1024;
    private final Logger logger;
    private final Redactor redactor;
    private final LineTail tail;
    private final boolean capture;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private Level continuation = Level.INFO;

    enum Level { ERROR, WARN, INFO, DEBUG }

    LineLoggingStream(Logger logger, Redactor redactor, LineTail tail, boolean capture) {
        this.logger = logger;
        this.redactor = redactor;
        this.tail = tail;
        this.capture = capture;
    }

    @Override
    public synchronized void write(int b) {
        if (capture && captured.size() < CAPTURE_LIMIT) {
            captured.write(b);
        }
        if (b == '\n') {
            flushLine();
        } else if (line.size() < 1_000_000) {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    synchronized String captured() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            return;
        }
        String safe = redactor.redact(text);
        if (capture) {
            // Machine output (JSON) is kept for parsing, logged only at debug and kept out of the tail.
            logger.debug("{}", safe);
            return;
        }
        tail.add(safe);
        Level level = levelOf(safe);
        switch (level) {
            case ERROR -> logger.error("{}", safe);
            case WARN -> logger.warn("{}", safe);
            case DEBUG -> logger.debug("{}", safe);
            default -> logger.info("{}", safe);
        }
    }

    private Level levelOf(String text) {
        String t = stripProcessPrefix(text.strip());
        if (t.startsWith("ERROR:") || t.startsWith("FATAL:") || t.startsWith("PANIC:")) {
            continuation = Level.ERROR;
        } else if (t.startsWith("WARN:") || t.startsWith("WARNING:")) {
            continuation = Level.WARN;
        } else if (t.startsWith("HINT:") || Character.isWhitespace(text.charAt(0))) {
            return continuation;
        } else if (t.startsWith("DETAIL:") || t.startsWith("DEBUG:") || t.startsWith("TRACE:")) {
            return Level.DEBUG;
        } else {
            continuation = Level.INFO;
        }
        return continuation;
    }

    /** pgBackRest file/console lines may start with a timestamp and "P00   " before the level. */
    private static String stripProcessPrefix(String t) {
        int p = t.indexOf("P0");
        if (p >= 0 && p < 30) {
            String rest = t.substring(p);
            int space = rest.indexOf(' ');
            if (space > 0) {
                return rest.substring(space).strip();
            }
        }
        return t;
    }
}
