package dev.pitr.examples.benchmark;

import dev.pitr.PgBackRest;
import dev.pitr.drill.DrillPhases;
import dev.pitr.drill.DrillReport;
import dev.pitr.restore.RecoveryTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * One restore drill through pitr's public API in a JVM of its own, as a user's {@code main} or a release build
 * runs it: the benchmark's WAL-heavy scenario starts this as a process so the JVM's start is part of pitr's time,
 * as the hand script's shell start is part of its own. Prints one line of figures from the report.
 *
 * <p>Arguments: {@code CONFIG STANZA TARGET_TIME TABLE ROWS REPORT_DIR RUN_AS [plain]}; {@code plain} turns off
 * pitr's replay settings and fetch-ahead (the drill as it ran before issue 14).
 */
public final class DrillOnce {
    private DrillOnce() {
    }

    public static void main(String[] args) {
        boolean plain = args.length > 7 && args[7].equals("plain");
        try (PgBackRest pgbr = PgBackRest.configure().configFile(Path.of(args[0])).stanza(args[1]).runAs(args[6])
                .load()) {
            DrillReport r = pgbr.restoreDrill().target(RecoveryTarget.time(Instant.parse(args[2]))).amcheck(false)
                    .expectRowCount(args[3], Long.parseLong(args[4])).reportDirectory(Path.of(args[5]))
                    .replayTuning(!plain).archiveAsync(!plain).run();
            if (!r.passed()) {
                System.err.println("pitr drill FAILED: " + r.failure().orElse("") + " " + r.failedChecks());
                System.exit(1);
            }
            DrillPhases p = r.phases();
            System.out.println(String.format(Locale.ROOT, "restore=%d recovery=%d total=%d replay=%d walBytes=%d "
                    + "estimate=%d", r.timings().restore().toMillis(), r.timings().recovery().toMillis(),
                    r.timings().total().toMillis(), p.walReplay().duration().toMillis(), p.walReplay().bytes(),
                    r.rtoEstimate().map(e -> e.total().toMillis()).orElse(-1L)));
        }
    }
}
