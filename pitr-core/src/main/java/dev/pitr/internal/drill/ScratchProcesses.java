package dev.pitr.internal.drill;

import dev.pitr.internal.os.ProcessExit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of a drill's scratch directory, from /proc: its postmaster, verified three ways before
 * anything is signalled (postmaster.pid names that data directory, the pid runs in it, and it started
 * when postmaster.pid says), and every other process whose command line names the directory (a
 * {@code pgbackrest restore} into it, a {@code pg_ctl} waiting for it, an {@code archive-get} of it).
 */
final class ScratchProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchProcesses.class);

    private ScratchProcesses() {
    }

    /** The live postmaster of this data directory, or empty (none, a stale pid file, or a reused pid). */
    static Optional<Long> postmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 3) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).strip());
            Path named = Path.of(lines.get(1).strip()).toAbsolutePath().normalize();
            Instant started = Instant.ofEpochSecond(Long.parseLong(lines.get(2).strip()));
            Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            boolean same = named.equals(dataDirectory.toAbsolutePath().normalize()) && h.isPresent()
                    && runsIn(pid, named) && h.get().info().startInstant()
                            .map(t -> Math.abs(t.getEpochSecond() - started.getEpochSecond()) <= 3).orElse(false);
            return same ? Optional.of(pid) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Ends every process whose command line names the scratch directory: SIGTERM, then SIGKILL. */
    static void endAll(Path scratch, Duration grace) {
        List<ProcessHandle> found = naming(scratch);
        if (found.isEmpty()) {
            return;
        }
        LOG.info("ending {} process(es) of {}: {}", found.size(), scratch, found.stream().map(ProcessHandle::pid).toList());
        found.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : found) {
            if (!ProcessExit.await(h.pid(), grace)) {
                h.destroyForcibly();
            }
        }
    }

    static List<ProcessHandle> naming(Path scratch) {
        String dir = scratch.toAbsolutePath().normalize().toString();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> Long.parseLong(p.getFileName().toString()) != self)
                    .filter(p -> names(cmdline(p), dir))
                    .flatMap(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())).stream())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The argument is the directory or a path below it ({@code --pg1-path=<scratch>/pg}, {@code -D <scratch>/pg}). */
    private static boolean names(String cmdline, String dir) {
        for (int i = cmdline.indexOf(dir); i >= 0; i = cmdline.indexOf(dir, i + 1)) {
            int end = i + dir.length();
            // The whole path, not the tail of another one (/var/tmp/pitr-drill-x for /tmp/pitr-drill-x).
            boolean starts = i == 0 || cmdline.charAt(i - 1) == ' ' || cmdline.charAt(i - 1) == '=';
            if (starts && (end == cmdline.length() || cmdline.charAt(end) == '/' || cmdline.charAt(end) == ' ')) {
                return true;
            }
        }
        return false;
    }

    private static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ')
                    .strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The postmaster runs in its data directory (its cwd), or at least names it on its command line. */
    private static boolean runsIn(long pid, Path dataDirectory) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            return Files.readSymbolicLink(proc.resolve("cwd")).toAbsolutePath().normalize().equals(dataDirectory);
        } catch (IOException | RuntimeException unreadable) {
            return names(cmdline(proc), dataDirectory.toString());
        }
    }
}
