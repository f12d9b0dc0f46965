package dev.pitr.internal.drill;

import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillPhases;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The drill's checks against the recovered cluster. SQL runs in read-only transactions (a check must not
 * change what the next check sees), each check is recorded with what was expected and what was found,
 * and a check that cannot run (bad SQL, missing table) fails with the database's message instead of
 * aborting the drill.
 */
final class Validations {
    private final DrillCluster cluster;
    private final DrillSettings settings;
    private final CommandRunner runner;

    Validations(DrillCluster cluster, DrillSettings settings, CommandRunner runner) {
        this.cluster = cluster;
        this.settings = settings;
        this.runner = runner;
    }

    /** Runs every check in order; each one's duration goes to {@code timings}. */
    List<DrillCheck> run(List<DrillPhases.Timed> timings) {
        List<DrillCheck> checks = new ArrayList<>();
        for (DrillSettings.RowCountExpectation e : settings.rowCounts()) {
            checks.add(timed(timings, () -> rowCount(e)));
        }
        for (DrillSettings.SqlAssertion a : settings.assertions()) {
            checks.add(timed(timings, () -> sql(a)));
        }
        for (DrillSettings.ExtensionRequirement extension : settings.extensions()) {
            checks.add(timed(timings, () -> extension(extension)));
        }
        if (!settings.postRestoreCommand().isEmpty()) {
            checks.add(timed(timings, this::postRestoreCommand));
        }
        settings.readinessUrl().ifPresent(url -> checks.add(timed(timings, () -> readiness(url))));
        return checks;
    }

    /** Runs one check and records how long it took under its name. */
    static DrillCheck timed(List<DrillPhases.Timed> timings, Supplier<DrillCheck> check) {
        long t0 = System.nanoTime();
        DrillCheck c = check.get();
        timings.add(new DrillPhases.Timed(c.name(), Duration.ofNanos(System.nanoTime() - t0)));
        return c;
    }

    private DrillCheck rowCount(DrillSettings.RowCountExpectation e) {
        String name = e.checkName();
        String database = e.database().orElse(settings.database());
        String expected = (e.exact() ? "= " : ">= ") + e.count();
        try {
            String actual = readOnlyQuery(database, "select count(*) from " + e.table());
            long n = Long.parseLong(actual);
            boolean ok = e.exact() ? n == e.count() : n >= e.count();
            return DrillCheck.of(name, ok, expected, actual, "table " + e.table() + " has " + n + " rows"
                    + (ok ? "" : ", expected " + expected) + " (database " + database + ")").in(database);
        } catch (SQLException ex) {
            return DrillCheck.of(name, false, expected, "error", "counting rows of " + e.table() + " in database "
                    + database + " failed: " + ex.getMessage()).in(database);
        }
    }

    private DrillCheck sql(DrillSettings.SqlAssertion a) {
        String name = a.checkName();
        String database = a.database().orElse(settings.database());
        String expected = a.expected().orElse("true");
        try {
            String actual = readOnlyQuery(database, a.sql());
            boolean ok = a.expected().isPresent() ? a.expected().get().equals(actual)
                    : "t".equals(actual) || "true".equalsIgnoreCase(String.valueOf(actual));
            return DrillCheck.of(name, ok, expected, String.valueOf(actual), ok ? "query returned " + actual
                    : "query returned " + actual + ", expected " + expected).in(database);
        } catch (SQLException ex) {
            return DrillCheck.of(name, false, expected, "error", "query in database " + database + " failed: "
                    + ex.getMessage()).in(database);
        }
    }

    private DrillCheck extension(DrillSettings.ExtensionRequirement extension) {
        String name = extension.checkName();
        String database = extension.database().orElse(settings.database());
        try (Connection c = cluster.connect(database)) {
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement("select extversion from pg_extension where extname = ?")) {
                s.setString(1, extension.name());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return DrillCheck.of(name, true, "installed", rs.getString(1), "extension " + extension.name()
                                + " " + rs.getString(1) + " is installed in " + database).in(database);
                    }
                    return DrillCheck.of(name, false, "installed", "missing", "extension " + extension.name()
                            + " is not installed in database " + database).in(database);
                }
            }
        } catch (SQLException ex) {
            return DrillCheck.of(name, false, "installed", "error", "looking up " + extension.name() + " in database "
                    + database + " failed: " + ex.getMessage()).in(database);
        }
    }

    private DrillCheck postRestoreCommand() {
        // The drill's database and cluster, and none of the JVM's own PG* variables (PGHOSTADDR would win over PGHOST).
        CommandSpec spec = new CommandSpec(DrillClientEnvironment.isolated(settings.postRestoreCommand()),
                DrillClientEnvironment.of(cluster, settings.database()), Map.of(), settings.postRestoreTimeout(),
                Optional.empty(), Path.of("/tmp"), "pitr.drill.post-restore", false);
        String expected = "exit 0";
        try {
            ProcessOutput out = runner.run(spec);
            if (out.timedOut()) {
                return DrillCheck.of("postRestoreCommand", false, expected, "timed out", "post-restore command did "
                        + "not finish within " + settings.postRestoreTimeout() + ": " + out.result().commandLine())
                        .in(settings.database());
            }
            boolean ok = out.exitCode() == 0;
            String tail = out.result().outputTail().isEmpty() ? "" : "; last output: "
                    + out.result().outputTail().get(out.result().outputTail().size() - 1);
            return DrillCheck.of("postRestoreCommand", ok, expected, "exit " + out.exitCode(), (ok
                    ? "post-restore command passed" : "post-restore command failed") + ": "
                    + out.result().commandLine() + tail).in(settings.database());
        } catch (RuntimeException e) {
            return DrillCheck.of("postRestoreCommand", false, expected, "not started", "cannot run the post-restore "
                    + "command: " + e.getMessage()).in(settings.database());
        }
    }

    private DrillCheck readiness(URI url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + settings.readinessTimeout().toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET()
                        .build(), HttpResponse.BodyHandlers.discarding());
                last = "HTTP " + r.statusCode();
                if (r.statusCode() >= 200 && r.statusCode() < 300) {
                    return DrillCheck.of("readiness", true, "HTTP 2xx", last, url + " answered " + last);
                }
            } catch (java.io.IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DrillCheck.of("readiness", false, "HTTP 2xx", "interrupted", "interrupted waiting for " + url);
            }
            if (System.nanoTime() > deadline) {
                return DrillCheck.of("readiness", false, "HTTP 2xx", last, url + " did not answer 2xx within "
                        + settings.readinessTimeout() + " (last: " + last + ")");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DrillCheck.of("readiness", false, "HTTP 2xx", "interrupted", "interrupted waiting for " + url);
            }
        }
    }

    /** First column of the first row as text, in a read-only transaction that is rolled back. */
    private String readOnlyQuery(String database, String sql) throws SQLException {
        try (Connection c = cluster.connect(database)) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute("set transaction read only");
                // A check must not hang the drill: bounded like recovery (a slow query fails its check).
                s.execute("set local statement_timeout = " + Math.max(1, settings.recoveryTimeout().toMillis()));
                try (ResultSet rs = s.executeQuery(sql)) {
                    String v = rs.next() ? rs.getString(1) : null;
                    return v;
                }
            } finally {
                c.rollback();
            }
        }
    }
}
