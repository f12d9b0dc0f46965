package dev.pitr;

import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Path;

/** Child JVM of {@link DrillTeardownOnJvmExitIT}: starts a drill and exits without closing anything. */
public final class DrillJvmExitMain {
    private DrillJvmExitMain() {
    }

    public static void main(String[] args) {
        SandboxCluster sandbox = SandboxCluster.builder().stanza("jvmexit").fsync(false).start();
        sandbox.pgBackRest().stanzaCreate();
        sandbox.pgBackRest().backup(BackupType.FULL);
        RestoreDrill drill = sandbox.pgBackRest().restoreDrill().reportDirectory(Path.of(args[0])).start();
        System.out.println("SCRATCH=" + drill.scratchDirectory());
        System.out.println("STATUS=" + drill.report().status());
        System.out.flush();
        System.exit(0); // neither drill nor sandbox is closed: the shutdown hooks must tear them down
    }
}
