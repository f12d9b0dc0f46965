package dev.pitr;

import dev.pitr.drill.DrillReport;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM running one drill, for tests that kill or signal it (the JVM of {@code mvn pitr:restore-drill}
 * or of a service): args are the stanza's pgbackrest.conf, the stanza, the run-as user, the drill
 * directory, the report directory, the audit log and the pgbackrest executable.
 */
public final class DrillChildMain {
    private DrillChildMain() {
    }

    public static void main(String[] args) {
        PgBackRest pgbr = PgBackRest.configure().configFile(Path.of(args[0])).stanza(args[1]).runAs(args[2])
                .auditLog(Path.of(args[5])).executable(args[6]).load();
        DrillReport report = pgbr.restoreDrill().directory(Path.of(args[3])).reportDirectory(Path.of(args[4]))
                .recoveryTimeout(Duration.ofMinutes(5)).run();
        System.out.println("STATUS=" + report.status());
    }
}
