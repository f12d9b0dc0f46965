package dev.pitr;

import java.nio.file.Path;

/** Child JVM of {@link RenderedConfigurationCleanupIT}: loads three typed configurations, closes none, exits. */
public final class RenderedConfigurationExitMain {
    private RenderedConfigurationExitMain() {
    }

    public static void main(String[] args) {
        for (int i = 0; i < 3; i++) {
            PgBackRest pgbr = RenderedConfigurationCleanupIT.typed(Path.of(args[0])).load();
            System.out.println("RENDERED=" + pgbr.configuration().configFile());
        }
        System.out.flush();
        System.exit(0);
    }
}
