package dev.pitr.maven;

import dev.pitr.governance.BackupPolicy;
import java.util.Optional;

/**
 * The {@code <policy>} / {@code -Dpitr.policy} parameter shared by pitr:check and pitr:backup: the text
 * {@link BackupPolicy#describe()} writes, e.g. {@code full SUN 01:00, incr MON-SAT 01:00 (Europe/Berlin)}.
 */
final class PolicyParameter {
    private PolicyParameter() {
    }

    /** The configured policy; empty when none is given. A policy that does not parse names element and property. */
    static Optional<BackupPolicy> resolve(PropertyResolver props, String field) {
        // A policy that does not parse throws with Setting.BACKUP_POLICY, which names <policy> (-Dpitr.policy).
        return props.string(Param.POLICY, field).map(BackupPolicy::parse);
    }
}
