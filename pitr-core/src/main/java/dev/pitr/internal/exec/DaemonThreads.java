package dev.pitr.internal.exec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Work run beside the caller's thread (a command whose result is needed a little later): each task gets a daemon
 * thread of its own, so a JVM never waits for one to exit, and a task that mostly waits for a process start runs
 * at once instead of queuing behind a pool sized for the host's cores.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** The task's result; its own exception (not the CompletionException around it) when it failed. */
    public static <T> T join(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** An executor starting one daemon thread named {@code name} per task. */
    public static Executor named(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }
}
