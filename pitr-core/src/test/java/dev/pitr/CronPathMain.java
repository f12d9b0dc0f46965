package dev.pitr;

import java.nio.file.Path;

/** Child JVM of {@link CronPathIT}, started with PATH=/usr/bin:/bin: loads a configuration run as postgres. */
public final class CronPathMain {
    private CronPathMain() {
    }

    public static void main(String[] args) {
        PgBackRest pgbr = PgBackRest.configure().stanza("x").configFile(Path.of(args[0])).runAs("postgres").load();
        System.out.println("LOADED pgBackRest " + pgbr.version());
        System.exit(0);
    }
}
