package dev.pitr.internal.os;

import java.util.List;
import java.util.Optional;

/**
 * How to run a command as another OS user. PostgreSQL and pgBackRest refuse or misbehave as root, so
 * production hosts and CI run them as {@code postgres}. {@code runuser -u} (as root) and {@code sudo -E}
 * keep the caller's environment, which is how secrets reach the child.
 */
public final class RunAs {
    private RunAs() {
    }

    public static String currentUser() {
        return System.getProperty("user.name");
    }

    public static boolean isRoot() {
        return "root".equals(currentUser());
    }

    /** The argv prefix that switches to {@code user}; empty when no switch is needed. */
    public static List<String> prefix(Optional<String> user) {
        if (user.isEmpty() || user.get().equals(currentUser())) {
            return List.of();
        }
        if (isRoot()) {
            return List.of("runuser", "-u", user.get(), "--");
        }
        return List.of("sudo", "-n", "-E", "-u", user.get(), "--");
    }

    /** The user a sandbox or drill server runs as when none is configured: postgres for root, else yourself. */
    public static String defaultServerUser() {
        return isRoot() ? "postgres" : currentUser();
    }
}
