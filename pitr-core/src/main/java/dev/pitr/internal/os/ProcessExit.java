package dev.pitr.internal.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for a process we did not start (a postmaster daemonized by pg_ctl) to end. {@code ProcessHandle}
 * polls such processes slowly and counts a zombie as alive; a stopped postmaster stays a zombie until init
 * reaps it, which took 1.5-1.8 s on our CI machines. On Linux, /proc tells at once: no entry, or state
 * Z (zombie) or X (dead), means the server is gone.
 */
public final class ProcessExit {
    private static final Duration POLL = Duration.ofMillis(10);

    private ProcessExit() {
    }

    /** True once the process has ended (or is a zombie); false if it is still running at the deadline. */
    public static boolean await(long pid, Duration timeout) {
        return until(() -> ended(pid), timeout);
    }

    /**
     * Polls {@code done} every 10 ms until it is true or {@code timeout} passed. An interrupt ends the wait
     * early (the flag is kept) with the condition as it is then.
     */
    static boolean until(java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
    }

    static boolean ended(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
        try {
            String text = Files.readString(stat, StandardCharsets.US_ASCII);
            // Format: "pid (comm) S ..."; comm may contain spaces or parentheses, so read after the last ')'.
            int close = text.lastIndexOf(')');
            char state = close >= 0 && close + 2 < text.length() ? text.charAt(close + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
    }
}
