package dev.pitr.internal.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a PostgreSQL server log written by {@code pg_ctl -l}. */
public final class ServerLog {
    private ServerLog() {
    }

    public static List<String> lines(Path logFile) {
        try {
            return Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static String tail(Path logFile, int n) {
        List<String> all = lines(logFile);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /** The first line matching {@code FATAL:} or {@code PANIC:}, if any. */
    public static java.util.Optional<String> firstFatal(Path logFile) {
        return lines(logFile).stream().filter(l -> l.contains("FATAL:") || l.contains("PANIC:")).findFirst();
    }
}
