package dev.pitr.internal.exec;

import dev.pitr.internal.os.ProcessTree;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.exec.ProcessDestroyer;

/**
 * Ends the whole process tree of every child still running when the JVM exits (one shutdown hook for all
 * of them). commons-exec's own destroyer signals only the direct child, which leaves a wrapper script's
 * children running. Processes may still be started from a shutdown hook (the sandbox's and the drill's
 * teardown run pg_ctl from there): they are simply not registered once the JVM is exiting, as nothing
 * later would end them anyway.
 */
final class ProcessTreeDestroyer implements ProcessDestroyer {
    static final ProcessTreeDestroyer INSTANCE = new ProcessTreeDestroyer();
    /** Short: the JVM is exiting and waits for this hook. */
    private static final Duration GRACE_AT_EXIT = Duration.ofSeconds(3);
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean exiting;

    private ProcessTreeDestroyer() {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::endAll, "pitr-process-trees-at-exit"));
        } catch (IllegalStateException shutdownInProgress) {
            exiting = true;
        }
    }

    @Override
    public boolean add(Process process) {
        return !exiting && running.add(process);
    }

    @Override
    public boolean remove(Process process) {
        return running.remove(process);
    }

    @Override
    public int size() {
        return running.size();
    }

    private void endAll() {
        exiting = true;
        List<Long> leaders = running.stream().map(Process::pid).toList();
        if (!leaders.isEmpty()) {
            ProcessTree.terminate(leaders, GRACE_AT_EXIT);
        }
    }
}
