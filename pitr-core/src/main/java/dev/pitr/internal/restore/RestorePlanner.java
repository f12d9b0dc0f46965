package dev.pitr.internal.restore;

import dev.pitr.config.Setting;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.RecoveryWindow;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.timeline.ArchiveSnapshot;
import dev.pitr.internal.timeline.WindowEnd;
import dev.pitr.operation.Operation;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestoreEstimate;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a frozen restore specification and one {@code info} snapshot into a plan: the exact argv, the backup
 * set pgBackRest will pick, the recovery window, an estimate, and every interlock (target options, the
 * production pg1-path, a live postmaster, a non-empty destination, a destination the run-as user can write, the
 * target against the window and the archive's end, the timeline to recover along and a backup set that reaches it,
 * the isolation of a copy). Touches nothing and runs nothing; the caller brings the snapshots (info and the
 * archive's timelines), so a drill and its review share them.
 */
public final class RestorePlanner {
    private RestorePlanner() {
    }

    /** Who the restore is for: a person gets warned about what the copy does when started; a drill isolates its own. */
    public enum Purpose {
        PERSON, DRILL
    }

    /** A plan from info alone (one timeline assumed, no archive times): for callers that read nothing more. */
    public static RestorePlan plan(Invoker engine, RestoreSpec spec, StanzaInfo info, Instant now) {
        return plan(engine, spec, info, ArchiveSnapshot.none(), now, Purpose.PERSON);
    }

    public static RestorePlan plan(Invoker engine, RestoreSpec asked, StanzaInfo info, ArchiveSnapshot archive,
            Instant now, Purpose purpose) {
        Path dest = asked.pgPath();
        List<RestoreInterlock> checks = new ArrayList<>();
        checks.add(optionsFit(asked));
        checks.add(productionPath(asked, engine.config().pgPath(), engine.config().stanza()));
        checks.add(livePostmaster(dest));
        checks.add(emptyDirectory(asked));
        if (purpose == Purpose.PERSON) {
            // A drill creates its scratch directory itself (as this JVM's user, then hands it to the run-as user).
            checks.add(DestinationAccess.check(dest, engine.config().runAs(), engine.runner()));
        }
        Optional<BackupInfo> pick = BackupSetSelector.select(info, asked.target(), asked.set(), asked.repo());
        TimelineChooser.Choice timeline = TimelineChooser.choose(asked, info, archive.history(), pick);
        RestoreSpec spec = asked.choose(timeline.set(), timeline.timeline());
        Optional<BackupInfo> chosen = timeline.backup().or(() -> pick);
        Optional<RecoveryWindow> window = WindowEnd.resolve(info, archive, Optional.empty());
        checks.add(backupSet(spec, info, chosen, window, now));
        checks.add(timeline.interlock());
        ArchiveEnd.check(spec.target(), window).ifPresent(checks::add);
        boolean production = engine.config().pgPath().map(p -> ProductionPath.relation(dest, p)
                == ProductionPath.Relation.SAME).orElse(false);
        IsolationPlanner.Outcome isolation = IsolationPlanner.plan(spec, engine.config(), engine.conf(), production);
        isolation.interlock().ifPresent(checks::add);
        List<String> warnings = purpose == Purpose.PERSON ? isolation.warnings() : List.of();
        List<String> argv = engine.argv(Operation.RESTORE, spec.options());
        return new RestorePlan(argv, spec.target(), dest, chosen.map(BackupInfo::label), window, checks,
                chosen.map(b -> new RestoreEstimate(b.size(), b.repoSize())), isolation.cluster(), warnings);
    }

    private static RestoreInterlock optionsFit(RestoreSpec spec) {
        RecoveryTarget target = spec.target();
        if (spec.targetAction().isPresent() && target instanceof RecoveryTarget.Latest) {
            return RestoreInterlock.fail("target-options", Setting.TARGET_ACTION, "a target action needs a recovery "
                    + "target; 'latest' recovers to the end of the archive and then promotes", "drop targetAction or "
                            + "give a time/xid/lsn/name/immediate target");
        }
        if (spec.exclusive() && !(target instanceof RecoveryTarget.Time || target instanceof RecoveryTarget.Xid
                || target instanceof RecoveryTarget.Lsn)) {
            return RestoreInterlock.fail("target-options", Setting.TARGET_EXCLUSIVE, "exclusive only applies to time, "
                    + "xid and lsn targets, not " + target.describe(), "drop exclusive()");
        }
        return RestoreInterlock.pass("target-options", "target " + target.describe()
                + spec.targetAction().map(a -> ", action " + a.option()).orElse(""));
    }

    private static RestoreInterlock productionPath(RestoreSpec spec, Optional<Path> pgPath, String stanza) {
        Path dest = spec.pgPath();
        if (pgPath.isEmpty()) {
            return RestoreInterlock.pass("production-path", dest + " is not the configured pg1-path");
        }
        Path production = ProductionPath.resolved(pgPath.get());
        switch (ProductionPath.relation(dest, production)) {
            case OUTSIDE:
                return RestoreInterlock.pass("production-path", dest + " is not the configured pg1-path");
            case OVERLAPS:
                // A parent (with force/delta pgBackRest removes what is not in the backup) or a child of the
                // production data directory: never, confirmation or not.
                return RestoreInterlock.fail("production-path", Setting.RESTORE_PG_PATH, dest + " overlaps the "
                        + "production pg1-path " + production + " of stanza '" + stanza + "'", "restore into a directory "
                                + "outside " + production + ", or into exactly " + production + " with confirmInPlace(\""
                                + stanza + "\")");
            default:
                if (spec.confirmInPlace().filter(stanza::equals).isPresent()) {
                    return RestoreInterlock.pass("production-path", dest + " is the production pg1-path; in-place "
                            + "restore confirmed for stanza '" + stanza + "'");
                }
                return RestoreInterlock.fail("production-path", Setting.RESTORE_CONFIRM_IN_PLACE, dest + " is the "
                        + "production pg1-path of stanza '" + stanza + "'" + spec.confirmInPlace().map(c -> " and the "
                                + "confirmation '" + c + "' does not match").orElse(""), "restore somewhere else with "
                                        + "pgPath(...), or confirm with confirmInPlace(\"" + stanza + "\")");
        }
    }

    private static RestoreInterlock livePostmaster(Path dest) {
        Optional<Long> pid = Postmaster.livePid(dest);
        if (pid.isPresent()) {
            return RestoreInterlock.fail("live-postmaster", Setting.RESTORE_PG_PATH, "PostgreSQL is running in " + dest
                    + " (postmaster.pid" + (pid.get() > 0 ? ", PID " + pid.get() : "") + ")",
                    "stop it first (pg_ctl -D " + dest + " stop), or restore into another directory");
        }
        return RestoreInterlock.pass("live-postmaster", "no running PostgreSQL in " + dest);
    }

    private static RestoreInterlock emptyDirectory(RestoreSpec spec) {
        Path dest = spec.pgPath();
        boolean empty;
        try {
            empty = Ownership.isEmptyOrMissing(dest);
        } catch (UncheckedIOException e) {
            return RestoreInterlock.fail("empty-directory", Setting.RESTORE_PG_PATH, "cannot list " + dest + ": "
                    + e.getCause().getMessage(), "make it readable for this user, or restore elsewhere");
        }
        if (empty) {
            return RestoreInterlock.pass("empty-directory", dest + " is empty or missing");
        }
        if (spec.delta() || spec.force()) {
            return RestoreInterlock.pass("empty-directory", dest + " is not empty; " + (spec.delta() ? "delta" : "force")
                    + " restore requested");
        }
        return RestoreInterlock.fail("empty-directory", Setting.RESTORE_DELTA, dest + " is not empty",
                "restore into an empty directory, or request delta() to reuse the files (force() to overwrite)");
    }

    private static RestoreInterlock backupSet(RestoreSpec spec, StanzaInfo info, Optional<BackupInfo> chosen,
            Optional<RecoveryWindow> window, Instant now) {
        String windowText = window.map(w -> "recovery window " + w).orElse("no backups");
        if (info.backups().isEmpty()) {
            return RestoreInterlock.fail("target-window", Setting.TARGET, "stanza '" + info.name()
                    + "' has no backup to restore", "run a backup first");
        }
        String inRepo = spec.repo().map(r -> " in repo" + r).orElse("");
        if (spec.set().isPresent() && chosen.isEmpty()) {
            return RestoreInterlock.fail("target-window", Setting.RESTORE_SET, "backup set '" + spec.set().get()
                    + "' does not exist" + inRepo, "pick a label from info(): "
                            + info.backups().stream().map(BackupInfo::label).toList());
        }
        if (spec.target() instanceof RecoveryTarget.Time t) {
            if (t.instant().isAfter(now)) {
                return RestoreInterlock.fail("target-window", Setting.TARGET, "target " + t.value().get()
                        + " is in the future (now " + now + "; " + windowText + ")", "give a time in the window");
            }
            if (chosen.isEmpty()) {
                return RestoreInterlock.fail("target-window", Setting.TARGET, "target " + t.value().get()
                        + " is before the earliest backup stop (" + windowText + ")",
                        "give a time after " + window.map(RecoveryWindow::earliest).map(Object::toString).orElse("a backup"));
            }
            if (!chosen.get().stop().isBefore(t.instant())) {
                return RestoreInterlock.fail("target-window", Setting.TARGET, "target " + t.value().get()
                        + " is before the stop time " + chosen.get().stop() + " of backup set " + chosen.get().label()
                        + " (PostgreSQL would silently stop at the first commit instead)", "pick an older set or a "
                                + "later target; " + windowText);
            }
        }
        if (spec.target() instanceof RecoveryTarget.Lsn l && chosen.isEmpty()) {
            String oldest = info.backups().stream().flatMap(b -> b.lsnStop().stream()).findFirst().orElse("?");
            return RestoreInterlock.fail("target-window", Setting.TARGET, "no backup set" + inRepo + " stopped at or "
                    + "before LSN " + l.lsn() + " (pgBackRest would fail with [075]; the oldest backup stopped at LSN "
                    + oldest + "; " + windowText + ")", "give an LSN after " + oldest + ", or a set");
        }
        if (chosen.isEmpty()) {
            return RestoreInterlock.fail("target-window", Setting.REPO, "no backup set" + inRepo,
                    "choose a repository that holds backups");
        }
        return RestoreInterlock.pass("target-window", "backup set " + chosen.get().label() + " (" + chosen.get().type()
                .name().toLowerCase() + ", stopped " + chosen.get().stop() + "); " + windowText);
    }
}
