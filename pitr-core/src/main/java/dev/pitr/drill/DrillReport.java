package dev.pitr.drill;

import dev.pitr.info.RecoveryWindow;
import dev.pitr.restore.RecoveryTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a restore drill proved. Also written as {@code pitr-drill-report.json}, {@code pitr-drill-report.md}
 * and {@code TEST-pitr-restore-drill.xml} in the report directory.
 *
 * @param status            PASSED when every check passed; INTERRUPTED when SIGTERM, Ctrl-C or a thread interrupt
 *                          stopped the drill before it could judge the backup (proves nothing either way)
 * @param stanza            the stanza drilled
 * @param target            the recovery target ({@link RecoveryTarget#describe()} as text: {@code latest}, {@code time ...})
 * @param backupSet         the backup set restored
 * @param recoveredTo       the timestamp of the last transaction replayed, when PostgreSQL knows it
 * @param startedAt         when the drill started
 * @param finishedAt        when the drill's validation finished
 * @param timings           restore, recovery and total (RTO) durations
 * @param checks            every check, in the order run
 * @param pgBackRestVersion pgBackRest's version
 * @param postgresVersion   the restored server's version ({@code server_version}), empty if it never came up
 * @param failure           why the drill failed, was skipped or was interrupted, empty when it passed
 * @param reportFiles       the files written (JSON, Markdown, JUnit XML, history copy)
 * @param walReplay         the WAL replayed (first..last segment, bytes, last replayed LSN and commit) and whether
 *                          it is all the drill should have replayed
 * @param recoveryWindow    the stanza's recovery window when the drill was planned (two instants), if it had backups
 * @param repo              the repository the backup set came from, when known
 * @param seed              the seed of the {@link RestoreTestPlan}'s random choices (the report's {@code seed}):
 *                          replay the drill with it; empty for a drill run without a plan
 * @param choice            what the plan chose for this drill; empty without a plan, or when it found no backup
 * @param staleDrillsCleaned drills of dead JVMs this drill found in its directory and cleaned up first
 * @param phases            where the time went: restore, configuration, WAL replay, promotion, each validation,
 *                          integrity checks, teardown
 * @param rtoEstimate       the RTO estimated before the drill started (compare with {@code timings.total()}:
 *                          {@link RtoEstimate#errorPercent}), empty when the drill could not estimate one
 */
public record DrillReport(DrillStatus status, String stanza, RecoveryTarget target, String backupSet,
        Optional<Instant> recoveredTo, Instant startedAt, Instant finishedAt, DrillTimings timings,
        List<DrillCheck> checks, String pgBackRestVersion, String postgresVersion, Optional<String> failure,
        List<Path> reportFiles, WalReplay walReplay, Optional<RecoveryWindow> recoveryWindow, Optional<Integer> repo,
        Optional<Long> seed, Optional<DrillChoice> choice, List<StaleDrill> staleDrillsCleaned, DrillPhases phases,
        Optional<RtoEstimate> rtoEstimate) {
    public DrillReport {
        checks = List.copyOf(checks);
        reportFiles = List.copyOf(reportFiles);
        walReplay = walReplay == null ? WalReplay.none() : walReplay;
        recoveryWindow = recoveryWindow == null ? Optional.empty() : recoveryWindow;
        repo = repo == null ? Optional.empty() : repo;
        seed = seed == null ? Optional.empty() : seed;
        choice = choice == null ? Optional.empty() : choice;
        staleDrillsCleaned = List.copyOf(staleDrillsCleaned);
        phases = phases == null ? DrillPhases.none() : phases;
        rtoEstimate = rtoEstimate == null ? Optional.empty() : rtoEstimate;
    }

    /** A report of a drill without a restore-test plan, its repository not recorded. */
    public DrillReport(DrillStatus status, String stanza, RecoveryTarget target, String backupSet,
            Optional<Instant> recoveredTo, Instant startedAt, Instant finishedAt, DrillTimings timings,
            List<DrillCheck> checks, String pgBackRestVersion, String postgresVersion, Optional<String> failure,
            List<Path> reportFiles, WalReplay walReplay, Optional<RecoveryWindow> recoveryWindow,
            List<StaleDrill> staleDrillsCleaned, DrillPhases phases, Optional<RtoEstimate> rtoEstimate) {
        this(status, stanza, target, backupSet, recoveredTo, startedAt, finishedAt, timings, checks, pgBackRestVersion,
                postgresVersion, failure, reportFiles, walReplay, recoveryWindow, Optional.empty(), Optional.empty(), Optional.empty(),
                staleDrillsCleaned, phases, rtoEstimate);
    }

    /** A report without the recovery window, restore-test plan or repository. */
    public DrillReport(DrillStatus status, String stanza, RecoveryTarget target, String backupSet,
            Optional<Instant> recoveredTo, Instant startedAt, Instant finishedAt, DrillTimings timings,
            List<DrillCheck> checks, String pgBackRestVersion, String postgresVersion, Optional<String> failure,
            List<Path> reportFiles, WalReplay walReplay, List<StaleDrill> staleDrillsCleaned, DrillPhases phases,
            Optional<RtoEstimate> rtoEstimate) {
        this(status, stanza, target, backupSet, recoveredTo, startedAt, finishedAt, timings, checks, pgBackRestVersion,
                postgresVersion, failure, reportFiles, walReplay, Optional.empty(), staleDrillsCleaned, phases, rtoEstimate);
    }

    /** A report without the recovery window, phase figures or RTO estimate. */
    public DrillReport(DrillStatus status, String stanza, RecoveryTarget target, String backupSet,
            Optional<Instant> recoveredTo, Instant startedAt, Instant finishedAt, DrillTimings timings,
            List<DrillCheck> checks, String pgBackRestVersion, String postgresVersion, Optional<String> failure,
            List<Path> reportFiles, WalReplay walReplay, Optional<Integer> repo, Optional<Long> seed,
            Optional<DrillChoice> choice, List<StaleDrill> staleDrillsCleaned) {
        this(status, stanza, target, backupSet, recoveredTo, startedAt, finishedAt, timings, checks, pgBackRestVersion,
                postgresVersion, failure, reportFiles, walReplay, Optional.empty(), repo, seed, choice, staleDrillsCleaned,
                DrillPhases.none(), Optional.empty());
    }

    /** A report without the recovery window, stale drills, phase figures or RTO estimate. */
    public DrillReport(DrillStatus status, String stanza, RecoveryTarget target, String backupSet,
            Optional<Instant> recoveredTo, Instant startedAt, Instant finishedAt, DrillTimings timings,
            List<DrillCheck> checks, String pgBackRestVersion, String postgresVersion, Optional<String> failure,
            List<Path> reportFiles, WalReplay walReplay, Optional<Integer> repo, Optional<Long> seed,
            Optional<DrillChoice> choice) {
        this(status, stanza, target, backupSet, recoveredTo, startedAt, finishedAt, timings, checks, pgBackRestVersion,
                postgresVersion, failure, reportFiles, walReplay, repo, seed, choice, List.of());
    }

    /** A report of a drill without a restore-test plan, recovery window or phase figures. */
    public DrillReport(DrillStatus status, String stanza, RecoveryTarget target, String backupSet,
            Optional<Instant> recoveredTo, Instant startedAt, Instant finishedAt, DrillTimings timings,
            List<DrillCheck> checks, String pgBackRestVersion, String postgresVersion, Optional<String> failure,
            List<Path> reportFiles, WalReplay walReplay, List<StaleDrill> staleDrillsCleaned) {
        this(status, stanza, target, backupSet, recoveredTo, startedAt, finishedAt, timings, checks, pgBackRestVersion,
                postgresVersion, failure, reportFiles, walReplay, staleDrillsCleaned, DrillPhases.none(), Optional.empty());
    }

    /** A report without the recovery window, stale drills, phase figures, estimate, plan or repository. */
    public DrillReport(DrillStatus status, String stanza, RecoveryTarget target, String backupSet,
            Optional<Instant> recoveredTo, Instant startedAt, Instant finishedAt, DrillTimings timings,
            List<DrillCheck> checks, String pgBackRestVersion, String postgresVersion, Optional<String> failure,
            List<Path> reportFiles, WalReplay walReplay) {
        this(status, stanza, target, backupSet, recoveredTo, startedAt, finishedAt, timings, checks, pgBackRestVersion,
                postgresVersion, failure, reportFiles, walReplay, List.of());
    }

    /**
     * A report without replay figures, restore-test plan or repository (as read back from reports written before
     * pitr recorded them).
     */
    public DrillReport(DrillStatus status, String stanza, RecoveryTarget target, String backupSet,
            Optional<Instant> recoveredTo, Instant startedAt, Instant finishedAt, DrillTimings timings,
            List<DrillCheck> checks, String pgBackRestVersion, String postgresVersion, Optional<String> failure,
            List<Path> reportFiles) {
        this(status, stanza, target, backupSet, recoveredTo, startedAt, finishedAt, timings, checks, pgBackRestVersion,
                postgresVersion, failure, reportFiles, WalReplay.none());
    }

    /** This report with the teardown measured (a drill run whole writes its report after it). */
    public DrillReport withTeardown(java.time.Duration took) {
        return new DrillReport(status, stanza, target, backupSet, recoveredTo, startedAt, finishedAt, timings, checks,
                pgBackRestVersion, postgresVersion, failure, reportFiles, walReplay, recoveryWindow, repo, seed, choice,
                staleDrillsCleaned, phases.withTeardown(took), rtoEstimate);
    }

    public boolean passed() {
        return status == DrillStatus.PASSED;
    }

    /** The check with this name. */
    public Optional<DrillCheck> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The checks that failed (skipped checks are not among them). */
    public List<DrillCheck> failedChecks() {
        return checks.stream().filter(DrillCheck::failed).toList();
    }

    /** The checks the drill chose not to run, each with its reason. */
    public List<DrillCheck> skippedChecks() {
        return checks.stream().filter(c -> c.status() == DrillStatus.SKIPPED).toList();
    }

}
