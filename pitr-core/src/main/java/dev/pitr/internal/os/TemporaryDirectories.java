package dev.pitr.internal.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Directories pitr made for itself (the rendered pgbackrest.conf of a typed configuration): deleted when
 * their owner is closed, and whatever is still registered when the JVM exits (one shutdown hook).
 */
public final class TemporaryDirectories {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(TemporaryDirectories::deleteAll, "pitr-temporary-directories"));
        } catch (IllegalStateException shutdownInProgress) {
            // Registered while the JVM exits: delete() by the owner is all there is.
        }
    }

    private TemporaryDirectories() {
    }

    /** Deletes {@code dir} at JVM exit unless {@link #delete(Path)} did so before. */
    public static Path register(Path dir) {
        LIVE.add(dir);
        return dir;
    }

    /** Deletes the directory now (idempotent). */
    public static void delete(Path dir) {
        LIVE.remove(dir);
        Ownership.deleteTree(dir);
    }

    /** Whether {@code dir} is registered and not yet deleted. */
    public static boolean registered(Path dir) {
        return LIVE.contains(dir);
    }

    private static void deleteAll() {
        for (Path dir : List.copyOf(LIVE)) {
            try {
                delete(dir);
            } catch (RuntimeException e) {
                // At exit there is nobody left to tell; the next boot's /tmp cleaning removes it.
            }
        }
    }
}
