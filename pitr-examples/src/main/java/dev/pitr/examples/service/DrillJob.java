package dev.pitr.examples.service;

import dev.pitr.PgBackRest;
import dev.pitr.RestoreDrillRequest;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillReport;
import dev.pitr.error.PgBackRestException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A scheduled restore drill: runs one and reduces its report to what the status endpoint shows. */
@FunctionalInterface
public interface DrillJob {
    Outcome run(PgBackRest pgbr);

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
                    DrillReport r = checks.apply(pgbr.restoreDrill().reportDirectory(reportDirectory)).run();
                    return new Outcome(r.status().name(), r.finishedAt(), r.backupSet(), r.timings().total(),
                            r.failedChecks().stream().map(DrillCheck::name).toList(),
                            r.reportFiles().stream().map(Path::toString).toList(), r.failure());
                } catch (PgBackRestException e) {
                    return new Outcome("FAILED", java.time.Instant.now(), "", Duration.ZERO, List.of(), List.of(),
                            Optional.of(e.errorCode() + ": " + e.getMessage()));
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
     * @param status      PASSED or FAILED
     * @param finishedAt  when it finished
     * @param backupSet   the backup set it restored
     * @param total       its measured recovery time (restore, recovery, checks)
     * @param failed      names of the checks that failed
     * @param reportFiles where its reports are
     */
    record Outcome(String status, Instant finishedAt, String backupSet, Duration total, List<String> failed,
            List<String> reportFiles, Optional<String> failure) {
        public boolean passed() {
            return "PASSED".equals(status);
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
            return m;
        }
    }
}
