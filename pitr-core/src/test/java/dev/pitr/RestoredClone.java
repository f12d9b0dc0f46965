package dev.pitr;

import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.pg.Jdbc;
import dev.pitr.internal.pg.PgCtl;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test helper: {@code pgbackrest restore} of a sandbox's stanza into a new directory inside the sandbox,
 * then the restored server started on its own socket port (with the repository secrets in its
 * environment, as restore_command needs them) and awaited until recovery has ended. Stands in for the
 * drill API where a test only needs "restore, start, count".
 */
final class RestoredClone implements AutoCloseable {
    private final SandboxCluster sandbox;
    private final Path data;
    private final int port;
    private final PgCtl pgCtl;
    final CommandResult restore;

    private RestoredClone(SandboxCluster sandbox, Path data, int port, PgCtl pgCtl, CommandResult restore) {
        this.sandbox = sandbox;
        this.data = data;
        this.port = port;
        this.pgCtl = pgCtl;
        this.restore = restore;
    }

    /** Restores with the given extra options (e.g. --repo=2, --type=time, --target=...) and starts the clone. */
    static RestoredClone restoreAndStart(SandboxCluster sandbox, String name, List<String> options) {
        Optional<String> user = Optional.of(sandbox.user());
        Path data = sandbox.directory().resolve(name);
        Ownership.createPrivateDirectory(data, user);
        List<String> argv = new ArrayList<>(List.of("--pg1-path=" + data, "--archive-mode=off"));
        argv.addAll(options);
        CommandResult restore = sandbox.pgBackRest().invoker().run(Operation.RESTORE, argv).result();
        int port = S3MockServer.freePort();
        try {
            Files.writeString(data.resolve("postgresql.conf"), "\n# restored clone\nport = " + port + "\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PgCtl pgCtl = new PgCtl(PostgresBinaries.locate(Optional.empty()), new CommonsExecRunner(), user);
        RestoredClone clone = new RestoredClone(sandbox, data, port, pgCtl, restore);
        try {
            pgCtl.startOrFail(data, sandbox.directory().resolve(name + ".log"), Duration.ofSeconds(120),
                    sandbox.pgBackRest().configuration().secretEnvironment());
            clone.awaitPromotion(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            clone.close();
            throw e;
        }
        return clone;
    }

    private void awaitPromotion(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!pgCtl.isRunning(data)) {
                throw new IllegalStateException("restored server stopped during recovery; see " + data + ".log");
            }
            if ("f".equals(queryOrNull("select pg_is_in_recovery()")) || "false".equals(queryOrNull("select pg_is_in_recovery()"))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("restored server still in recovery after " + limit);
    }

    private String queryOrNull(String sql) {
        try {
            return query(sql);
        } catch (RuntimeException e) {
            return null;
        }
    }

    String query(String sql) {
        try (Connection c = Jdbc.connect(sandbox.socketDirectory(), port, "postgres", sandbox.user());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            pgCtl.stop(data, "immediate", Duration.ofSeconds(30));
        } finally {
            Ownership.deleteTree(data);
        }
    }
}
