package dev.pitr.internal.exec;

import dev.pitr.config.Secret;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The environment built for one child: this JVM's, minus every secret the child does not need, plus the
 * spec's variables and secrets. Removed from what the child inherits:
 * <ul>
 * <li>{@code PGBACKREST_*} variables, unless the child is pgBackRest and the configuration asked to
 * inherit them (a stray one would change what a command means; a secure one is a secret);</li>
 * <li>the variable every known secret was read from ({@link Secret#sourceVariable()}), so a cipher pass
 * exported as {@code NBMS_CIPHER_PASS} reaches pgBackRest only as {@code PGBACKREST_REPO1_CIPHER_PASS};</li>
 * <li>any other variable whose value is a known secret.</li>
 * </ul>
 * A post-restore command, pg_ctl stop or id therefore never sees a pgBackRest secret.
 */
final class ChildEnvironment {
    private ChildEnvironment() {
    }

    /**
     * @param inheritPgBackRestEnvironment the configuration allows pgBackRest children its PGBACKREST_* variables
     * @param known the secrets of the configuration the child belongs to (the spec's are added)
     */
    static Map<String, String> of(CommandSpec spec, boolean inheritPgBackRestEnvironment, Collection<Secret> known) {
        boolean inherit = inheritPgBackRestEnvironment && spec.pgBackRestChild();
        Set<String> values = new HashSet<>();
        Set<String> sources = new HashSet<>();
        for (Secret s : concat(known, spec.secrets().values())) {
            values.add(s.reveal());
            s.sourceVariable().ifPresent(sources::add);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.entrySet().removeIf(e -> {
            boolean pgBackRest = e.getKey().startsWith("PGBACKREST_");
            if (pgBackRest) {
                return !inherit;
            }
            return sources.contains(e.getKey()) || values.contains(e.getValue());
        });
        env.putAll(spec.environment());
        for (Map.Entry<String, Secret> s : spec.secrets().entrySet()) {
            env.put(s.getKey(), s.getValue().reveal());
        }
        return env;
    }

    private static Collection<Secret> concat(Collection<Secret> a, Collection<Secret> b) {
        java.util.List<Secret> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
