package dev.pitr.drill;

import dev.pitr.restore.RecoveryTarget;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link RestoreTestPlan} chose for one drill, recorded in its report so the drill can be replayed.
 *
 * @param plan        the plan
 * @param seed        the seed the random choices came from (the report's {@code seed})
 * @param scheduledAt the plan's reference time: the end of the selection window
 * @param repo        the repository drilled
 * @param eligible    the labels of the eligible backups of that repository, oldest first
 * @param backupSet   the backup set chosen
 * @param target      the recovery target chosen
 * @param rangeFrom   for a random target: the start of the range it was drawn from (the backup's end)
 * @param rangeTo     for a random target: the end of that range (the next backup's end)
 * @param reason      one sentence: how the backup and the target were chosen
 */
public record DrillChoice(RestoreTestPlan plan, long seed, Instant scheduledAt, int repo, List<String> eligible,
        String backupSet, RecoveryTarget target, Optional<Instant> rangeFrom, Optional<Instant> rangeTo, String reason) {
    public DrillChoice {
        eligible = List.copyOf(eligible);
    }
}
