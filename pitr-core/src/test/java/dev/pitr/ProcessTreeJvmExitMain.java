package dev.pitr;

import dev.pitr.internal.os.RunAs;
import dev.pitr.operation.Operation;
import java.nio.file.Path;
import java.time.Duration;

/** Child JVM of {@link ProcessTreeIT}: starts a command that hangs, then exits with it still running. */
public final class ProcessTreeJvmExitMain {
    private ProcessTreeJvmExitMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        FluentConfiguration c = PgBackRest.configure().stanza("x").configFile(Path.of(args[1])).executable(args[0])
                .timeout(Operation.INFO, Duration.ofMinutes(10));
        if (RunAs.isRoot()) {
            c.runAs("postgres");
        }
        PgBackRest pgbr = c.load();
        Thread t = new Thread(pgbr::info, "hanging-info");
        t.setDaemon(true);
        t.start();
        Thread.sleep(2000);
        System.out.println("EXITING with the command running");
        System.out.flush();
        System.exit(0);
    }
}
