package dev.pitr.operation;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.util.Locale;

/** pgBackRest's backup types ({@code --type=full|diff|incr}). */
public enum BackupType {
    FULL, DIFF, INCR;

    /** The value pgBackRest uses on its command line and in info JSON. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code full}, {@code diff} or {@code incr} (any case). */
    public static BackupType parse(String value) {
        for (BackupType t : values()) {
            if (t.option().equalsIgnoreCase(value.strip())) {
                return t;
            }
        }
        throw new PitrConfigurationException(Setting.BACKUP_TYPE, "unknown backup type '" + value + "'",
                "use full, diff or incr");
    }
}
