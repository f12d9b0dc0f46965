package dev.pitr.examples.service;

import dev.pitr.PgBackRest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A scheduled restore drill: runs one and reduces its report to what the status endpoint shows. */
@FunctionalInterface
public interface DrillJob {
    Outcome run(PgBackRest pgbr);

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
