package dev.pitr.internal.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything a command started, found and ended as one. pitr starts every child as the leader of a new
 * session ({@code setsid}), so the command's whole tree shares the leader's session id, also after a
 * wrapper script exits and its background children are re-parented to init: signalling only the direct
 * child (runuser) would leave them running, holding the output pipes open. The tree is the leader's
 * session plus every descendant (a descendant that left the session with setsid, such as a postmaster
 * while pg_ctl still waits for it, is still a descendant).
 *
 * <p>A process that left the session and was re-parented before pitr looked (a daemon, e.g. the
 * postmaster after {@code pg_ctl start} returned) is not part of the tree; that is how servers outlive
 * the command that started them.
 */
public final class ProcessTree {
    private ProcessTree() {
    }

    /** The live processes of the tree led by {@code leader} (never this JVM or its session). */
    public static List<ProcessHandle> members(long leader) {
        Map<Long, ProcessHandle> found = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        boolean ownSession = sessionOf(self).map(s -> s == leader).orElse(false);
        ProcessHandle.of(leader).filter(ProcessHandle::isAlive).ifPresent(h -> add(found, h, self));
        if (!ownSession) {
            for (long pid : sessionMembers(leader)) {
                ProcessHandle.of(pid).ifPresent(h -> add(found, h, self));
            }
        }
        for (ProcessHandle h : List.copyOf(found.values())) {
            h.descendants().forEach(d -> add(found, d, self));
        }
        found.values().removeIf(h -> !h.isAlive() || ProcessExit.ended(h.pid()));
        return List.copyOf(found.values());
    }

    /**
     * SIGTERM to every process of the trees, SIGKILL to what is still alive after {@code grace}. Returns
     * true when nothing of them is left (false when a process could not be signalled, e.g. another user's
     * when pitr is not root).
     */
    public static boolean terminate(Collection<Long> leaders, Duration grace) {
        List<ProcessHandle> found = members(leaders);
        if (found.isEmpty()) {
            return true;
        }
        found.forEach(ProcessHandle::destroy);
        // Waiting watches the processes found (cheap); /proc is scanned again only before SIGKILL, for
        // anything started meanwhile. An interrupt cuts the grace short and goes on to SIGKILL at once.
        if (awaitEnded(found, grace) && members(leaders).isEmpty()) {
            return true;
        }
        List<ProcessHandle> left = members(leaders);
        left.forEach(ProcessHandle::destroyForcibly);
        awaitEnded(left, Duration.ofSeconds(2));
        return members(leaders).isEmpty();
    }

    /** {@link #terminate(Collection, Duration)} for one tree. */
    public static boolean terminate(long leader, Duration grace) {
        return terminate(List.of(leader), grace);
    }

    private static List<ProcessHandle> members(Collection<Long> leaders) {
        return leaders.stream().flatMap(l -> members(l).stream()).distinct().toList();
    }

    private static boolean awaitEnded(List<ProcessHandle> processes, Duration timeout) {
        return ProcessExit.until(() -> processes.stream().allMatch(h -> ProcessExit.ended(h.pid())), timeout);
    }

    private static void add(Map<Long, ProcessHandle> found, ProcessHandle h, long self) {
        if (h.pid() != self) {
            found.putIfAbsent(h.pid(), h);
        }
    }

    /** Pids whose session id is {@code session}, from /proc (empty where there is no /proc). */
    private static List<Long> sessionMembers(long session) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                    .map(Long::valueOf).filter(pid -> sessionOf(pid).map(s -> s == session).orElse(false)).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Field 6 of /proc/PID/stat (after the command name, which may hold spaces and parentheses). */
    static Optional<Long> sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[3]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
