package dev.pitr;

import dev.pitr.drill.DrillReport;
import dev.pitr.internal.drill.DrillRun;
import java.nio.file.Path;

/**
 * A restore drill whose cluster is still running (from {@link RestoreDrillRequest#start()}): look at it
 * through {@link #jdbcUrl()}, then {@link #close()} to stop it and delete the scratch directory. A JVM
 * shutdown hook does the same if you never close it. A drill a restore-test plan skipped (or found nothing
 * to drill for) has a report but no cluster: {@link #started()} is false and the cluster accessors throw.
 */
public final class RestoreDrill implements AutoCloseable {
    private final DrillRun run;
    private final DrillReport report;

    RestoreDrill(DrillRun run) {
        this.run = run;
        this.report = run.report();
    }

    /** A planned drill that never started: only its report. */
    RestoreDrill(DrillReport recorded) {
        this.run = null;
        this.report = recorded;
    }

    /** The drill's report (already written to the report directory). */
    public DrillReport report() {
        return report;
    }

    /** False for a planned drill that was SKIPPED or had no backup to restore: there is no cluster. */
    public boolean started() {
        return run != null;
    }

    private DrillRun run() {
        if (run == null) {
            throw new IllegalStateException("the restore drill did not start (" + report.status() + ": "
                    + report.failure().orElse("") + "); there is no cluster");
        }
        return run;
    }

    /**
     * JDBC URL of the drill's database ({@link RestoreDrillRequest#database(String)}, default {@code postgres}) over
     * the drill cluster's private unix socket.
     */
    public String jdbcUrl() {
        return jdbcUrl(run().database());
    }

    /** JDBC URL of a database of the drill cluster, while the drill is open. */
    public String jdbcUrl(String database) {
        if (run().isClosed()) {
            throw new IllegalStateException("the restore drill is closed; its cluster is gone");
        }
        return run.cluster().jdbcUrl(database);
    }

    /** The scratch directory (data directory, socket, server log). */
    public Path scratchDirectory() {
        return run().cluster().scratch();
    }

    /** The drill cluster's data directory. */
    public Path dataDirectory() {
        return run().cluster().dataDirectory();
    }

    /** The drill cluster's unix socket directory. */
    public Path socketDirectory() {
        return run().cluster().socketDirectory();
    }

    /** The port naming the drill cluster's socket. */
    public int port() {
        return run().cluster().port();
    }

    /** The database role the drill connected as. */
    public String user() {
        return run().cluster().user();
    }

    /** Stops the drill cluster and deletes its scratch directory (unless kept). Idempotent. */
    @Override
    public void close() {
        if (run != null) {
            run.close();
        }
    }
}
