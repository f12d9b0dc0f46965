package dev.pitr.internal.plan;

import dev.pitr.config.Setting;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillChoice;
import dev.pitr.drill.DrillPlan;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.EvidenceDocument;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.drill.DrillBlueprint;
import dev.pitr.internal.drill.DrillPlanner;
import dev.pitr.internal.drill.DrillRecorder;
import dev.pitr.internal.drill.DrillRun;
import dev.pitr.internal.drill.DrillSettings;
import dev.pitr.internal.evidence.AuditRecords;
import dev.pitr.internal.evidence.EvidenceDrills;
import dev.pitr.operation.ProgressListener;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what a restore-test plan picks: one {@code info} snapshot, the plan's choices from it (repository,
 * backup set, target, from the seed), the start window (a drill due too long ago is SKIPPED; one that finds a
 * backup running waits for it until the window closes, then is SKIPPED), each chosen drill planned from the
 * same snapshot and run, and the validation window held before teardown. Every outcome is recorded, a
 * skipped or impossible drill too.
 */
public final class PlannedDrills {
    private static final Logger LOG = LoggerFactory.getLogger(PlannedDrills.class);
    private static final SecureRandom SEEDS = new SecureRandom();
    /** How often a drill waiting inside its start window asks whether the backup that holds the lock is done. */
    private static final Duration LOCK_POLL = Duration.ofSeconds(5);

    private final Invoker engine;
    private final DrillSettings settings;
    private final RestoreTestPlan plan;
    private final long seed;
    private final Instant startedAt;
    private final Instant at;
    private final Optional<ProgressListener> restoreProgress;

    public PlannedDrills(Invoker engine, DrillSettings settings, RestoreTestPlan plan) {
        this(engine, settings, plan, Optional.empty());
    }

    /** As the plain constructor; each drill reports its restore's progress to {@code restoreProgress}. */
    public PlannedDrills(Invoker engine, DrillSettings settings, RestoreTestPlan plan,
            Optional<ProgressListener> restoreProgress) {
        this.engine = engine;
        this.settings = settings;
        this.plan = plan;
        this.restoreProgress = restoreProgress;
        this.seed = plan.seed().orElseGet(SEEDS::nextLong);
        this.startedAt = Instant.now();
        this.at = plan.scheduledAt().orElse(startedAt);
    }

    /** The drills the plan picks now, as dry-run plans (nothing is touched; a drill it cannot pick is logged). */
    public List<DrillPlan> plans() {
        StanzaInfo snapshot = engine.stanzaInfo();
        List<DrillPlan> out = new ArrayList<>();
        for (DrillChooser.Outcome o : choose(snapshot)) {
            if (o.choice().isEmpty()) {
                LOG.warn("the plan cannot drill repo{}: {}", o.repo(), o.reason());
                continue;
            }
            out.add(DrillPlanner.plan(engine, settings.chosen(o.choice().get()), snapshot).view());
        }
        return out;
    }

    /**
     * Runs every drill the plan picks, one after the other, each torn down after its validation window before
     * the next starts. Planned once: all come from one snapshot; each checks its start window when its turn
     * comes, so a drill queued behind a long one is skipped once the window has closed.
     */
    public List<DrillReport> runAll() {
        StanzaInfo snapshot = awaitStart();
        List<DrillReport> reports = new ArrayList<>();
        for (DrillChooser.Outcome o : choose(snapshot)) {
            reports.add(run(o, snapshot));
        }
        return reports;
    }

    /** Runs the only drill the plan picks (torn down after its validation window); throws when it picks several. */
    public DrillReport runOne() {
        StanzaInfo snapshot = awaitStart();
        return run(only(choose(snapshot)), snapshot);
    }

    /** The only drill the plan picks, started (its cluster up) or recorded; throws when it picks several. */
    public Started startOne() {
        StanzaInfo snapshot = awaitStart();
        return start(only(choose(snapshot)), snapshot, false);
    }

    private static DrillChooser.Outcome only(List<DrillChooser.Outcome> outcomes) {
        if (outcomes.size() != 1) {
            throw new PitrConfigurationException(Setting.PLAN_REPOSITORIES, "the plan "
                    + "drills " + outcomes.size() + " repositories in one run", "run them with runAll(), or drill one "
                            + "with repo(n) or repositories(ROTATION)");
        }
        return outcomes.get(0);
    }

    /**
     * Runs one chosen drill to its end: without a validation window it runs whole (torn down before its report is
     * written, so the report has the teardown's duration); with one, the clone is held, then torn down.
     */
    private DrillReport run(DrillChooser.Outcome o, StanzaInfo snapshot) {
        boolean whole = plan.validationWindow().isEmpty();
        Started s = start(o, snapshot, whole);
        if (s.run().isEmpty()) {
            return s.report();
        }
        try (DrillRun run = s.run().get()) {
            plan.validationWindow().ifPresent(w -> ValidationWindow.hold(run, w, settings, engine.config().reportGroup()));
            return run.report();
        }
    }

    /** A drill the plan picked: started (cluster up, report written), or only recorded with {@code report}. */
    public record Started(Optional<DrillRun> run, DrillReport report) {
    }

    private Started start(DrillChooser.Outcome o, StanzaInfo snapshot, boolean whole) {
        Optional<String> late = late();
        if (late.isPresent() || (snapshot.backupLockHeld() && plan.startWindow().isPresent())) {
            String why = late.orElse("a backup still held the stanza's lock when the start window closed at "
                    + plan.startWindow().map(at::plus).orElseThrow());
            DrillCheck check = new DrillCheck("startWindow", DrillStatus.SKIPPED, "start by "
                    + plan.startWindow().map(at::plus).orElseThrow(), "not started", why);
            return new Started(Optional.empty(), DrillRecorder.recordWithoutRestore(engine, settings, DrillStatus.SKIPPED,
                    check, Optional.of(o.repo()), seed, o.choice(), startedAt));
        }
        if (o.choice().isEmpty()) {
            DrillCheck check = DrillCheck.of("selection", false, "a backup of repo" + o.repo() + " within "
                    + plan.windowDays() + " day(s)", "none", o.reason());
            return new Started(Optional.empty(), DrillRecorder.recordWithoutRestore(engine, settings, DrillStatus.FAILED,
                    check, Optional.of(o.repo()), seed, Optional.empty(), startedAt));
        }
        DrillChoice choice = o.choice().get();
        LOG.info("restore-test plan ({}): {}", plan.describe(), choice.reason() + ", seed " + seed);
        DrillBlueprint blueprint = DrillPlanner.plan(engine, settings.chosen(choice), snapshot);
        DrillRun run = whole ? DrillRun.runWhole(engine, blueprint, restoreProgress)
                : DrillRun.start(engine, blueprint, restoreProgress);
        return new Started(Optional.of(run), run.report());
    }

    /**
     * The snapshot the drill starts from: with a start window, a backup holding the stanza's lock is waited for
     * (a drill competes with it and would miss its set) until the window closes.
     */
    private StanzaInfo awaitStart() {
        StanzaInfo snapshot = engine.stanzaInfo();
        while (snapshot.backupLockHeld() && plan.startWindow().isPresent() && late().isEmpty()) {
            Duration left = Duration.between(Instant.now(), at.plus(plan.startWindow().get()));
            LOG.info("a backup holds the lock of stanza '{}'; the drill waits (its start window closes in {})",
                    snapshot.name(), left);
            sleep(left.compareTo(LOCK_POLL) < 0 ? left : LOCK_POLL);
            snapshot = engine.stanzaInfo();
        }
        return snapshot;
    }

    /** Why the drill can no longer start: its start window closed. */
    private Optional<String> late() {
        if (plan.startWindow().isEmpty()) {
            return Optional.empty();
        }
        Instant closes = at.plus(plan.startWindow().get());
        Instant now = Instant.now();
        return now.isAfter(closes) ? Optional.of("the drill was due at " + at + " and its start window of "
                + plan.startWindow().get() + " closed at " + closes + "; it is now " + now) : Optional.empty();
    }

    private List<DrillChooser.Outcome> choose(StanzaInfo snapshot) {
        return DrillChooser.choose(plan, seed, at, snapshot, settings.repo(), lastDrills(snapshot));
    }

    /** When each repository was last drilled (PASSED or FAILED), from the history copies and the audit log. */
    private Map<Integer, Instant> lastDrills(StanzaInfo snapshot) {
        List<AuditRecords.Line> lines = engine.auditLog().map(AuditRecords::read).orElse(List.of());
        Map<Integer, Instant> last = new HashMap<>();
        for (EvidenceDocument.Drill d : EvidenceDrills.read(engine.config().stanza(), settings.reportDirectory(), lines,
                Optional.of(snapshot)).drills()) {
            // A drill skipped or interrupted tested nothing: the rotation still owes that repository its drill.
            if (!"SKIPPED".equals(d.status()) && !"INTERRUPTED".equals(d.status())) {
                d.repo().ifPresent(r -> last.merge(r, d.finishedAt(), (a, b) -> a.isAfter(b) ? a : b));
            }
        }
        return last;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to start the drill", e);
        }
    }
}
