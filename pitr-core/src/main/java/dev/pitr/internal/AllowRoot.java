package dev.pitr.internal;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.PitrConfiguration;
import java.util.List;

/**
 * {@code --allow-root} for a configuration that asked to run pgBackRest as root ({@code allowRoot(true)}): only
 * pgBackRest 2.59+ knows the option (older releases refuse it as an invalid option) and only 2.59+ needs it.
 */
public final class AllowRoot {
    private AllowRoot() {
    }

    public static List<String> options(PitrConfiguration config) {
        return config.allowRoot() && config.version().atLeast(PgBackRestVersion.ROOT_REFUSED) ? List.of("--allow-root")
                : List.of();
    }
}
