package dev.pitr.examples.service;

import dev.pitr.PgBackRest;
import dev.pitr.RestoreDrillRequest;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.error.PgBackRestException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A scheduled restore drill: runs one (or a plan's) and reduces the reports to what the status endpoint shows. */
@FunctionalInterface
public interface DrillJob {
    Outcome run(PgBackRest pgbr);

    /** Runs the drill that was due at {@code due} (a planned drill's start window counts from there). */
    default Outcome run(PgBackRest pgbr, Instant due) {
        return run(pgbr);
    }

    /** Where the drill writes its reports (the metrics read RTO and history there); empty when unknown. */
    default Optional<Path> reportDirectory() {
        return Optional.empty();
    }

    /**
     * A drill configured by {@code checks} (target, row counts, SQL, readiness URL, maxRto...), with its
     * reports in {@code reportDirectory}. A drill that cannot even start (bad settings, pgBackRest missing)
     * is recorded as FAILED, like a failed check, so the endpoint shows it.
     */
    static DrillJob restoreDrill(Path reportDirectory, UnaryOperator<RestoreDrillRequest> checks) {
        return new DrillJob() {
            @Override
            public Outcome run(PgBackRest pgbr) {
                try {
                    return Outcome.of(List.of(checks.apply(pgbr.restoreDrill().reportDirectory(reportDirectory)).run()));
                } catch (PgBackRestException e) {
                    return Outcome.cannotRun(e);
                }
            }

            @Override
            public Optional<Path> reportDirectory() {
                return Optional.of(reportDirectory);
            }
        };
    }

    /**
     * The drills a restore-test plan picks on each run (every repository in rotation, a backup of the
     * selection window, a target, a seed recorded in each report), configured by {@code checks}; the plan's start
     * window counts from the time the run was due, so a run the service starts late (behind a long backup) is
     * SKIPPED and recorded, and its validation window keeps each clone up before teardown.
     */
    static DrillJob planned(Path reportDirectory, RestoreTestPlan plan, UnaryOperator<RestoreDrillRequest> checks) {
        return new DrillJob() {
            @Override
            public Outcome run(PgBackRest pgbr) {
                return run(pgbr, Instant.now());
            }

            @Override
            public Outcome run(PgBackRest pgbr, Instant due) {
                try {
                    return Outcome.of(checks.apply(pgbr.restoreDrill().reportDirectory(reportDirectory)
                            .testPlan(plan.scheduledAt(due))).runAll());
                } catch (PgBackRestException e) {
                    return Outcome.cannotRun(e);
                }
            }

            @Override
            public Optional<Path> reportDirectory() {
                return Optional.of(reportDirectory);
            }
        };
    }

    /**
     * The status of the last drill.
     *
     * @param status      PASSED, FAILED or SKIPPED (for a plan's several drills: FAILED if one failed, else
     *                    SKIPPED if one was skipped)
     * @param finishedAt  when it finished
     * @param backupSet   the backup set it restored
     * @param total       its measured recovery time (restore, recovery, checks)
     * @param failed      names of the checks that failed
     * @param reportFiles where its reports are
     * @param seeds       the seeds a plan's drills recorded (replay one with it)
     */
    record Outcome(String status, Instant finishedAt, String backupSet, Duration total, List<String> failed,
            List<String> reportFiles, Optional<String> failure, List<Long> seeds) {
        public boolean passed() {
            return "PASSED".equals(status);
        }

        /** One drill's report, or the worst of a plan's several. */
        static Outcome of(List<DrillReport> reports) {
            String status = reports.stream().anyMatch(r -> r.status() == DrillStatus.FAILED) ? "FAILED"
                    : reports.stream().anyMatch(r -> r.status() == DrillStatus.SKIPPED) ? "SKIPPED" : "PASSED";
            return new Outcome(status, reports.stream().map(DrillReport::finishedAt).max(Instant::compareTo)
                    .orElse(Instant.now()), String.join(", ", reports.stream().map(DrillReport::backupSet).toList()),
                    reports.stream().map(r -> r.timings().total()).max(Duration::compareTo).orElse(Duration.ZERO),
                    reports.stream().flatMap(r -> r.failedChecks().stream()).map(DrillCheck::name).toList(),
                    reports.stream().flatMap(r -> r.reportFiles().stream()).map(Path::toString).toList(),
                    reports.stream().flatMap(r -> r.failure().stream()).findFirst(),
                    reports.stream().flatMap(r -> r.seed().stream()).toList());
        }

        /** A drill that cannot even start (bad settings, pgBackRest missing): FAILED, so the endpoint shows it. */
        static Outcome cannotRun(PgBackRestException e) {
            return new Outcome("FAILED", Instant.now(), "", Duration.ZERO, List.of(), List.of(),
                    Optional.of(e.errorCode() + ": " + e.getMessage()), List.of());
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status);
            m.put("finishedAt", finishedAt);
            m.put("backupSet", backupSet);
            m.put("totalMillis", total);
            m.put("failedChecks", failed);
            m.put("failure", failure);
            m.put("reportFiles", reportFiles);
            m.put("seeds", seeds);
            return m;
        }
    }
}
