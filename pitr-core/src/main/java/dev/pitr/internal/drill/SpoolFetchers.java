package dev.pitr.internal.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous archive-get processes fetching WAL into a drill's spool. PostgreSQL starts them through its
 * restore_command and never waits for them: once the clone has left recovery they only fetch WAL nobody will
 * replay (taking CPU from the checks), and at teardown they would write into a directory being deleted. They
 * are found by the spool path on their command line (it is inside the drill's scratch directory, so nothing
 * else names it) and ended.
 */
final class SpoolFetchers {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolFetchers.class);

    private SpoolFetchers() {
    }

    /** Ends every process whose command line names the spool; returns how many there were. */
    static int end(Path spool, Duration grace) {
        String marker = "--spool-path=" + spool;
        List<ProcessHandle> fetchers = ProcessHandle.allProcesses().filter(p -> cmdline(p.pid()).contains(marker))
                .toList();
        fetchers.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : fetchers) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (!fetchers.isEmpty()) {
            LOG.debug("ended {} archive-get process(es) still fetching into {}", fetchers.size(), spool);
        }
        return fetchers.size();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
