package dev.pitr.internal.restore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a data directory has a live postmaster, read from {@code postmaster.pid} (first line: the PID)
 * without starting any process. A stale pid file of a crashed server names a dead PID and does not count.
 */
public final class Postmaster {
    private Postmaster() {
    }

    /** The PID of the live postmaster for this data directory, if there is one. */
    public static Optional<Long> livePid(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
        } catch (IOException | NumberFormatException e) {
            // Unreadable as the JVM user: be conservative and treat the file as a live server.
            return Optional.of(-1L);
        }
    }
}
