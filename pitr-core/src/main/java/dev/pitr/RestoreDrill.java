package dev.pitr;

import dev.pitr.drill.DrillReport;
import dev.pitr.internal.drill.DrillRun;
import java.nio.file.Path;

/**
 * A restore drill whose cluster is still running (from {@link RestoreDrillRequest#start()}): look at it
 * through {@link #jdbcUrl()}, then {@link #close()} to stop it and delete the scratch directory. A JVM
 * shutdown hook does the same if you never close it.
 */
public final class RestoreDrill implements AutoCloseable {
    private final DrillRun run;

    RestoreDrill(DrillRun run) {
        this.run = run;
    }

    /** The drill's report (already written to the report directory). */
    public DrillReport report() {
        return run.report();
    }

    /**
     * JDBC URL of the drill's database ({@link RestoreDrillRequest#database(String)}, default {@code postgres}) over
     * the drill cluster's private unix socket.
     */
    public String jdbcUrl() {
        return jdbcUrl(run.database());
    }

    /** JDBC URL of a database of the drill cluster, while the drill is open. */
    public String jdbcUrl(String database) {
        if (run.isClosed()) {
            throw new IllegalStateException("the restore drill is closed; its cluster is gone");
        }
        return run.cluster().jdbcUrl(database);
    }

    /** The scratch directory (data directory, socket, server log). */
    public Path scratchDirectory() {
        return run.cluster().scratch();
    }

    /** The drill cluster's data directory. */
    public Path dataDirectory() {
        return run.cluster().dataDirectory();
    }

    /** The drill cluster's unix socket directory. */
    public Path socketDirectory() {
        return run.cluster().socketDirectory();
    }

    /** The port naming the drill cluster's socket. */
    public int port() {
        return run.cluster().port();
    }

    /** The database role the drill connected as. */
    public String user() {
        return run.cluster().user();
    }

    /** Stops the drill cluster and deletes its scratch directory (unless kept). Idempotent. */
    @Override
    public void close() {
        run.close();
    }
}
