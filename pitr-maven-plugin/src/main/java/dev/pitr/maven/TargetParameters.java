package dev.pitr.maven;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.restore.RecoveryTarget;
import java.util.Optional;

/** The recovery target shared by restore and restore-drill: {@code target} + {@code targetType}, or PITR_TARGET_TIME. */
final class TargetParameters {
    private TargetParameters() {
    }

    static RecoveryTarget resolve(PropertyResolver props, String target, String targetType) {
        Optional<String> value = props.string(Param.TARGET, target);
        Optional<String> type = props.string(Param.TARGET_TYPE, targetType);
        try {
            return RecoveryTarget.parse(type.orElse(null), value.orElse(null));
        } catch (PitrConfigurationException e) {
            Param param = Param.of(e.setting()).orElse(Param.TARGET);
            throw new PluginConfigurationException(param, e.problem(), e.fix() + ". Examples: -D"
                    + Param.TARGET.property() + "=latest, -D" + Param.TARGET.property() + "=2026-02-24T10:30:00Z, -D"
                    + Param.TARGET_TYPE.property() + "=name -D" + Param.TARGET.property() + "=before_migration", e);
        }
    }
}
