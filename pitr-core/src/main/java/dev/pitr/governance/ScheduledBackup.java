package dev.pitr.governance;

import dev.pitr.operation.BackupType;
import java.time.ZonedDateTime;

/** One run of a {@link BackupPolicy}: when, in the policy's time zone, and which type. */
public record ScheduledBackup(ZonedDateTime at, BackupType type) {
}
