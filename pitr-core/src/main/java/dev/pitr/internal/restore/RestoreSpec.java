package dev.pitr.internal.restore;

import dev.pitr.restore.Isolation;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.TargetAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A restore as asked for, frozen: what a {@code RestoreRequest} (or a drill) was set up with, with its
 * destination resolved. The planner turns it into a plan; nothing reads the request again.
 */
public record RestoreSpec(RecoveryTarget target, Optional<TargetAction> targetAction, boolean exclusive,
        Optional<String> timeline, Optional<String> set, boolean delta, boolean force, List<String> dbInclude,
        List<String> dbExclude, Optional<Path> tablespaceMapAll, Map<String, Path> linkMap,
        Map<String, String> recoveryOptions, int processMax, Optional<Integer> repo, Path pgPath,
        Optional<String> confirmInPlace, boolean archiveModeOff, Optional<Isolation> isolation) {
    public RestoreSpec {
        dbInclude = List.copyOf(dbInclude);
        dbExclude = List.copyOf(dbExclude);
        linkMap = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(linkMap));
        recoveryOptions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(recoveryOptions));
    }

    /** A restore that is not isolated (a drill isolates its own cluster). */
    public RestoreSpec(RecoveryTarget target, Optional<TargetAction> targetAction, boolean exclusive,
            Optional<String> timeline, Optional<String> set, boolean delta, boolean force, List<String> dbInclude,
            List<String> dbExclude, Optional<Path> tablespaceMapAll, Map<String, Path> linkMap,
            Map<String, String> recoveryOptions, int processMax, Optional<Integer> repo, Path pgPath,
            Optional<String> confirmInPlace, boolean archiveModeOff) {
        this(target, targetAction, exclusive, timeline, set, delta, force, dbInclude, dbExclude, tablespaceMapAll, linkMap,
                recoveryOptions, processMax, repo, pgPath, confirmInPlace, archiveModeOff, Optional.empty());
    }

    /** This restore with the backup set and target timeline the planner chose (each kept when empty). */
    public RestoreSpec choose(Optional<String> chosenSet, Optional<String> chosenTimeline) {
        return new RestoreSpec(target, targetAction, exclusive, chosenTimeline.or(() -> timeline), chosenSet.or(() -> set),
                delta, force, dbInclude, dbExclude, tablespaceMapAll, linkMap, recoveryOptions, processMax, repo, pgPath,
                confirmInPlace, archiveModeOff, isolation);
    }

    /** The options of the restore command, in a stable order. */
    public List<String> options() {
        List<String> o = new ArrayList<>();
        o.add("--pg1-path=" + pgPath);
        if (!(target instanceof RecoveryTarget.Latest)) {
            o.add("--type=" + target.type());
        }
        target.value().ifPresent(v -> o.add("--target=" + v));
        targetAction.ifPresent(a -> o.add("--target-action=" + a.option()));
        if (exclusive) {
            o.add("--target-exclusive");
        }
        timeline.ifPresent(t -> o.add("--target-timeline=" + t));
        set.ifPresent(s -> o.add("--set=" + s));
        if (delta) {
            o.add("--delta");
        }
        if (force) {
            o.add("--force");
        }
        dbInclude.forEach(d -> o.add("--db-include=" + d));
        dbExclude.forEach(d -> o.add("--db-exclude=" + d));
        tablespaceMapAll.ifPresent(t -> o.add("--tablespace-map-all=" + t));
        linkMap.forEach((k, v) -> o.add("--link-map=" + k + "=" + v));
        recoveryOptions.forEach((k, v) -> o.add("--recovery-option=" + k + "=" + v));
        o.add("--process-max=" + processMax);
        repo.ifPresent(r -> o.add("--repo=" + r));
        if (archiveModeOff) {
            o.add("--archive-mode=off");
        }
        return o;
    }
}
