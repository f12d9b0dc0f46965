package dev.pitr.internal.drill;

import dev.pitr.drill.DrillPlan;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.drill.clone.HostMemory;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import java.nio.file.Path;
import java.util.List;

/**
 * One drill, planned: its settings, where its cluster lives, the PostgreSQL binaries, the one {@code info}
 * snapshot, the restore plan made from it and every check made before writing (the restore's interlocks under
 * the drill's setting names, the drill directory, the disk space), where its scratch directory goes (memory or
 * disk, {@link ScratchPlace}), the memory its clone may use (taken once, before the restore fills a scratch
 * directory in memory), and how it replays WAL (fetched ahead, the
 * clone's replay settings, the RTO estimate). The drill runs this and asks pgBackRest nothing more before its
 * restore.
 */
public record DrillBlueprint(DrillSettings settings, Path scratch, int port, String databaseUser,
        PostgresBinaries binaries, StanzaInfo snapshot, RestorePlan restore, List<RestoreInterlock> interlocks,
        List<String> checks, ReplayPlan replay, ScratchPlace place, HostMemory.Budget memory) {
    public DrillBlueprint {
        interlocks = List.copyOf(interlocks);
        checks = List.copyOf(checks);
    }

    /** The public view of this plan. */
    public DrillPlan view() {
        return new DrillPlan(restore, scratch, port, databaseUser, checks, settings.reportDirectory(), interlocks,
                replay.describe(), replay.estimate(), replay.speedWarnings(), settings.choice(), place.why());
    }
}
