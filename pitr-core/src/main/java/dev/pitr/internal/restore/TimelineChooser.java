package dev.pitr.internal.restore;

import dev.pitr.config.Setting;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.timeline.Lsn;
import dev.pitr.internal.timeline.TimelineHistory;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestoreInterlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Chooses the timeline a restore recovers along and a backup set that can reach it, the way PostgreSQL will
 * judge it, so that a restore after a PITR or a failover neither ends in {@code FATAL: requested timeline N is
 * not a child of this server's history} nor silently recovers another timeline than meant.
 *
 * <ul>
 * <li>{@code latest} (and xid, name, lsn targets): the newest timeline in the archive that a backup can reach
 * (PostgreSQL 12+ follows the newest timeline by default), with the newest backup that reaches it;</li>
 * <li>a time: the timeline production was writing at that instant (the one whose history file arrived last
 * before it), with the newest backup that stopped before the target and reaches that timeline;</li>
 * <li>{@code immediate}: like latest, but without {@code --target-timeline}, which pgBackRest refuses with it;</li>
 * <li>an explicit {@code timeline(...)} or {@code set(...)} is kept and only checked.</li>
 * </ul>
 * With one timeline only (no history file) nothing changes: pgBackRest's own choice stands.
 */
public final class TimelineChooser {
    static final String NAME = "timeline";

    /** What to restore: the set and target timeline to pass (empty: pgBackRest's own), and the interlock. */
    public record Choice(Optional<BackupInfo> backup, Optional<String> set, Optional<String> timeline,
            RestoreInterlock interlock) {
    }

    private TimelineChooser() {
    }

    public static Choice choose(RestoreSpec spec, StanzaInfo info, TimelineHistory history,
            Optional<BackupInfo> pgBackRestPick) {
        List<BackupInfo> inRepo = info.backups().stream()
                .filter(b -> spec.repo().isEmpty() || b.repoKey() == spec.repo().get()).toList();
        // Timelines belong to one database history entry (a pg_upgrade starts again at timeline 1): only the
        // current one's backups are judged against the archive's history files.
        int db = inRepo.stream().mapToInt(BackupInfo::dbId).max().orElse(0);
        List<BackupInfo> candidates = inRepo.stream().filter(b -> b.dbId() == db)
                .sorted(Comparator.comparing(BackupInfo::stop)).toList();
        TreeSet<Integer> timelines = new TreeSet<>(history.timelines());
        candidates.forEach(b -> b.timeline().ifPresent(timelines::add));
        if (candidates.isEmpty() || timelines.size() <= 1) {
            return keep(pgBackRestPick, "one timeline" + (timelines.isEmpty() ? "" : " (" + timelines.first() + ")")
                    + ": nothing to choose");
        }
        int newest = history.newest(timelines.last());
        timelines.add(newest);
        Chooser c = new Chooser(history, candidates, timelines, newest);
        if (spec.timeline().isPresent()) {
            return c.explicitTimeline(spec, pgBackRestPick);
        }
        if (spec.set().isPresent()) {
            return c.explicitSet(spec, pgBackRestPick);
        }
        RecoveryTarget target = spec.target();
        if (target instanceof RecoveryTarget.Immediate) {
            // pgBackRest takes no --target-timeline with --type=immediate (2.55+ uses current itself), and
            // PostgreSQL 12+ still checks the newest timeline's history: a set that reaches it is safe everywhere.
            Choice c2 = c.forNewest(spec, pgBackRestPick);
            return new Choice(c2.backup(), c2.set(), Optional.empty(), c2.interlock());
        }
        if (target instanceof RecoveryTarget.Time t) {
            return c.forTime(t, pgBackRestPick);
        }
        return c.forNewest(spec, pgBackRestPick);
    }

    private static Choice keep(Optional<BackupInfo> pick, String message) {
        return new Choice(pick, Optional.empty(), Optional.empty(), RestoreInterlock.pass(NAME, message));
    }

    private record Chooser(TimelineHistory history, List<BackupInfo> candidates, TreeSet<Integer> timelines,
            int newest) {

        TimelineHistory.Reach reach(BackupInfo b, int target) {
            int own = b.timeline().orElse(target);
            Optional<Long> stop = b.lsnStop().flatMap(Lsn::parse);
            if (stop.isEmpty()) {
                return new TimelineHistory.Reach(own == target, own == target ? "taken on timeline " + target
                        : "info reports no stop LSN for it");
            }
            return history.reach(own, stop.get(), target);
        }

        /** The newest candidate that reaches the timeline, among those the filter admits. */
        Optional<BackupInfo> newestReaching(int timeline, List<BackupInfo> admitted) {
            return admitted.stream().filter(b -> reach(b, timeline).reaches()).reduce((a, b) -> b);
        }

        Choice explicitTimeline(RestoreSpec spec, Optional<BackupInfo> pick) {
            String asked = spec.timeline().get();
            Optional<BackupInfo> b = spec.set().flatMap(s -> candidates.stream().filter(x -> x.label().equals(s))
                    .findFirst()).or(() -> pick);
            if (b.isEmpty()) {
                return keep(pick, "timeline " + asked + " as asked");
            }
            int target;
            if ("current".equals(asked)) {
                target = b.get().timeline().orElse(newest);
            } else if ("latest".equals(asked)) {
                target = newest;
            } else {
                try {
                    target = asked.startsWith("0x") ? Integer.parseInt(asked.substring(2), 16) : Integer.parseInt(asked);
                } catch (NumberFormatException e) {
                    return new Choice(b, Optional.empty(), Optional.empty(), RestoreInterlock.fail(NAME,
                            Setting.TARGET_TIMELINE, "'" + asked + "' is not a timeline", "give current, latest or a number"));
                }
            }
            TimelineHistory.Reach r = reach(b.get(), target);
            if (r.reaches()) {
                return keep(b, "timeline " + asked + " (" + target + ") as asked: backup set " + b.get().label() + " "
                        + r.why());
            }
            return new Choice(b, Optional.empty(), Optional.empty(), RestoreInterlock.fail(NAME, Setting.TARGET_TIMELINE,
                    "backup set " + b.get().label() + " cannot recover along timeline " + target + ": " + r.why(),
                    "drop timeline(...) to let pitr choose, or pick a set that reaches timeline " + target
                            + reachingSets(target)));
        }

        Choice explicitSet(RestoreSpec spec, Optional<BackupInfo> pick) {
            Optional<BackupInfo> b = candidates.stream().filter(x -> x.label().equals(spec.set().get())).findFirst();
            if (b.isEmpty()) {
                return keep(pick, "backup set not found (see target-window)");
            }
            if (spec.target() instanceof RecoveryTarget.Immediate) {
                return keep(b, "backup set " + b.get().label() + " as asked; recovery stops at its consistency point");
            }
            if (spec.target() instanceof RecoveryTarget.Time t) {
                int target = history.timelineAt(t.instant(), timelines.first());
                TimelineHistory.Reach r = reach(b.get(), target);
                if (!r.reaches()) {
                    return new Choice(b, Optional.empty(), Optional.empty(), RestoreInterlock.fail(NAME, Setting.RESTORE_SET,
                            "target " + t.value().orElse("") + " lies on timeline " + target + since(target) + ", and backup set "
                                    + b.get().label() + " cannot reach it: " + r.why(),
                            "drop set(...) to let pitr choose" + reachingSets(target)));
                }
                return new Choice(b, Optional.empty(), Optional.of(Integer.toString(target)), RestoreInterlock.pass(NAME,
                        "target lies on timeline " + target + since(target) + "; backup set " + b.get().label() + " "
                                + r.why()));
            }
            for (int target : timelines.descendingSet()) {
                TimelineHistory.Reach r = reach(b.get(), target);
                if (r.reaches()) {
                    return new Choice(b, Optional.empty(), Optional.of(Integer.toString(target)), RestoreInterlock.pass(NAME,
                            "timeline " + target + (target == newest ? " (the newest)" : " (the newest that backup set "
                                    + b.get().label() + " reaches; timeline " + newest + ": " + reach(b.get(), newest).why() + ")")
                                    + ": backup set " + b.get().label() + " " + r.why()));
                }
            }
            return keep(b, "backup set " + b.get().label() + " on its own timeline");
        }

        Choice forTime(RecoveryTarget.Time t, Optional<BackupInfo> pick) {
            int target = history.timelineAt(t.instant(), timelines.first());
            List<BackupInfo> before = candidates.stream().filter(b -> b.stop().isBefore(t.instant())).toList();
            if (before.isEmpty()) {
                return keep(pick, "no backup stopped before the target (see target-window)");
            }
            Optional<BackupInfo> b = newestReaching(target, before);
            if (b.isEmpty()) {
                return new Choice(pick, Optional.empty(), Optional.empty(), RestoreInterlock.fail(NAME, Setting.TARGET,
                        "target " + t.value().orElse("") + " lies on timeline " + target + since(target)
                                + ", and no backup that stopped before it can reach that timeline: " + why(before, target),
                        "take a full backup on timeline " + target + " (pgbackrest --type=full backup, pitr:backup "
                                + "-Dpitr.backup.type=full) and restore to a later time, or give a target before "
                                + history.createdAt(target).map(Object::toString).orElse("the timeline switch")));
            }
            String note = target == newest ? "" : "; production moved to timeline " + newest + " later"
                    + history.createdAt(newest).map(c -> " (" + c + ")").orElse("")
                    + ", so the target is recovered along timeline " + target + " as production was then";
            return chosen(b.get(), pick, target, "target lies on timeline " + target + since(target) + note, before);
        }

        Choice forNewest(RestoreSpec spec, Optional<BackupInfo> pick) {
            List<BackupInfo> admitted = candidates;
            if (spec.target() instanceof RecoveryTarget.Lsn l) {
                long lsn = l.position();
                admitted = candidates.stream().filter(b -> b.lsnStop().flatMap(Lsn::parse).map(s -> s <= lsn)
                        .orElse(true)).toList();
            }
            List<String> skipped = new ArrayList<>();
            for (int target : timelines.descendingSet()) {
                Optional<BackupInfo> b = newestReaching(target, admitted);
                if (b.isPresent()) {
                    String head = "timeline " + target + (target == newest ? " (the newest in the archive)"
                            : " (the newest a backup reaches: no backup reaches " + String.join("; ", skipped) + ")");
                    return chosen(b.get(), pick, target, head, admitted);
                }
                skipped.add("timeline " + target + " (" + why(admitted, target) + ")");
            }
            return new Choice(pick, Optional.empty(), Optional.empty(), RestoreInterlock.fail(NAME, Setting.TARGET,
                    "no backup reaches any timeline of the archive: " + String.join("; ", skipped),
                    "take a full backup (pgbackrest --type=full backup, pitr:backup -Dpitr.backup.type=full)"));
        }

        private Choice chosen(BackupInfo b, Optional<BackupInfo> pick, int target, String head, List<BackupInfo> admitted) {
            List<BackupInfo> passedOver = admitted.stream().filter(x -> x.stop().isAfter(b.stop())).toList();
            String over = passedOver.isEmpty() ? "" : "; newer " + passedOver.stream().map(x -> x.label() + " ("
                    + reach(x, target).why() + ")").collect(Collectors.joining(", ")) + " cannot";
            boolean differs = pick.map(p -> !p.label().equals(b.label())).orElse(true);
            return new Choice(Optional.of(b), differs ? Optional.of(b.label()) : Optional.empty(),
                    Optional.of(Integer.toString(target)), RestoreInterlock.pass(NAME, head + ": backup set " + b.label()
                            + " " + reach(b, target).why() + over));
        }

        private String since(int timeline) {
            return history.fork(timeline).map(f -> " (forked from " + f.describe() + history.createdAt(timeline)
                    .map(c -> ", created " + c).orElse("") + ")").orElse("");
        }

        private String why(List<BackupInfo> backups, int target) {
            return backups.stream().map(b -> b.label() + " " + reach(b, target).why()).collect(Collectors.joining(", "));
        }

        private String reachingSets(int target) {
            List<String> sets = candidates.stream().filter(b -> reach(b, target).reaches()).map(BackupInfo::label).toList();
            return sets.isEmpty() ? " (no backup reaches it: take a full backup on timeline " + target + ")"
                    : " (" + String.join(", ", sets) + ")";
        }
    }
}
