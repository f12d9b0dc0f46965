package dev.pitr.maven;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.restore.RecoveryTarget;
import java.util.Optional;

/** The recovery target shared by restore and restore-drill: {@code target} + {@code targetType}, or PITR_TARGET_TIME. */
final class TargetParameters {
    private TargetParameters() {
    }

    static RecoveryTarget resolve(PropertyResolver props, String target, String targetType) {
        Optional<String> value = props.string(Param.TARGET, target, "PITR_TARGET_TIME");
        Optional<String> type = props.string(Param.TARGET_TYPE, targetType);
        try {
            return RecoveryTarget.parse(type.orElse(null), value.orElse(null));
        } catch (PitrConfigurationException e) {
            Param param = e.setting().toLowerCase().contains("type") ? Param.TARGET_TYPE : Param.TARGET;
            throw new PluginConfigurationException(param.describe() + ": " + e.getMessage() + ". Examples: "
                    + "-Dpitr.target=latest, -Dpitr.target=2026-02-24T10:30:00Z, -Dpitr.targetType=name "
                    + "-Dpitr.target=before_migration");
        }
    }
}
