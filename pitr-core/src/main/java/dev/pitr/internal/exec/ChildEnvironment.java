package dev.pitr.internal.exec;

import dev.pitr.config.Secret;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a child process: this JVM's, without inherited {@code PGBACKREST_*} variables unless
 * asked (a stray one would change what a command means), plus the spec's variables and its secrets.
 */
final class ChildEnvironment {
    private ChildEnvironment() {
    }

    static Map<String, String> of(CommandSpec spec, boolean inheritPgBackRestEnvironment) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (!inheritPgBackRestEnvironment) {
            env.keySet().removeIf(k -> k.startsWith("PGBACKREST_"));
        }
        env.putAll(spec.environment());
        for (Map.Entry<String, Secret> s : spec.secrets().entrySet()) {
            env.put(s.getKey(), s.getValue().reveal());
        }
        return env;
    }
}
