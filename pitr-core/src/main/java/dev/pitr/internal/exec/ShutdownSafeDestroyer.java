package dev.pitr.internal.exec;

import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;

/**
 * Kills running children when the JVM exits, and still lets processes start from a shutdown hook (the
 * sandbox's and the drill's teardown run pg_ctl from there). commons-exec's destroyer registers a JVM hook
 * on the first add, which throws "Shutdown in progress" once the JVM is exiting; a process started then
 * needs no registration because nothing later would kill it anyway.
 */
final class ShutdownSafeDestroyer implements ProcessDestroyer {
    private final ShutdownHookProcessDestroyer delegate = new ShutdownHookProcessDestroyer();

    @Override
    public boolean add(Process process) {
        try {
            return delegate.add(process);
        } catch (IllegalStateException shutdownInProgress) {
            return false;
        }
    }

    @Override
    public boolean remove(Process process) {
        try {
            return delegate.remove(process);
        } catch (IllegalStateException shutdownInProgress) {
            return false;
        }
    }

    @Override
    public int size() {
        return delegate.size();
    }
}
