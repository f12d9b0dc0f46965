package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Maven drill of an application whose tables live in database {@code nbms} (PostGIS parcels with a GiST
 * index), not {@code postgres}: {@code <database>nbms</database>} makes it the drill's database (row count, SQL
 * checks, PostGIS, the post-restore command's PGDATABASE and PITR_JDBC_URL), {@code postgres:...} gives single
 * checks database postgres, amcheck reads both, and every check of every report names its database.
 */
class DatabaseDrillIT {
    static final int PARCELS = 50;
    static final int ROWS = 100;
    static SandboxCluster sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxCluster.builder().stanza("nbms").fsync(false).start();
        sandbox.pgBackRest().stanzaCreate();
        sandbox.execute("create database nbms", "create table t(id int primary key)",
                "insert into t select generate_series(1, " + ROWS + ")");
        Properties user = new Properties();
        user.setProperty("user", sandbox.user());
        try (Connection c = DriverManager.getConnection(sandbox.jdbcUrl("nbms"), user); Statement s = c.createStatement()) {
            s.execute("create extension postgis");
            s.execute("create table parcels(id int primary key, geom geometry(Polygon, 4326) not null)");
            s.execute("insert into parcels select i, ST_MakeEnvelope(i * 0.001, 45, i * 0.001 + 0.0008, 45.0008, 4326) "
                    + "from generate_series(1, " + PARCELS + ") i");
            s.execute("create index parcels_geom on parcels using gist (geom)");
        }
        sandbox.pgBackRest().backup(BackupType.FULL);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static MavenBuild project(String name) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("stanza", sandbox.stanza());
        values.put("configFile", sandbox.configFile().toString());
        values.put("runAsUser", sandbox.user());
        values.put("parcels", Integer.toString(PARCELS));
        values.put("rows", Integer.toString(ROWS));
        values.put("psql", PostgresBinaries.locate(Optional.empty()).binDirectory().resolve("psql").toString());
        return MavenBuild.project("drill-database", name, values);
    }

    @Test
    void aDrillValidatesRowCountsSqlChecksAndPostgisInDatabaseNbmsAndEveryReportNamesEachChecksDatabase()
            throws Exception {
        MavenBuild build = project("drill-nbms");
        MavenBuild.Result r = build.run("verify");
        r.assertSuccess();
        r.assertLogContains("Restore drill of stanza 'nbms' PASSED");
        r.assertLogMatches("rowCount:public\\.parcels\\s+ok\\s+nbms\\s");
        r.assertLogMatches("rowCount:postgres:public\\.t\\s+ok\\s+postgres\\s");
        r.assertLogMatches("extension:postgis\\s+ok\\s+nbms\\s");
        r.assertLogMatches("amcheck:nbms\\s+ok\\s+nbms\\s");
        r.assertLogContains("1 gist index not verified");

        Path reports = build.directory().resolve("target/pitr-reports");
        JsonNode checks = new ObjectMapper().readTree(reports.resolve("pitr-drill-report.json").toFile()).path("checks");
        Map<String, String> databaseOf = new LinkedHashMap<>();
        checks.forEach(c -> databaseOf.put(c.path("name").asText(), c.path("database").isNull() ? null
                : c.path("database").asText()));
        assertEquals("nbms", databaseOf.get("rowCount:public.parcels"));
        assertEquals("nbms", databaseOf.get("sql:parcels-have-area"));
        assertEquals("nbms", databaseOf.get("sql:parcels-indexed"));
        assertEquals("nbms", databaseOf.get("extension:postgis"));
        assertEquals("nbms", databaseOf.get("postRestoreCommand"));
        assertEquals("postgres", databaseOf.get("rowCount:postgres:public.t"));
        assertEquals("postgres", databaseOf.get("sql:postgres:t-has-rows"));
        assertEquals("postgres", databaseOf.get("extension:postgres:plpgsql"));
        assertEquals("nbms", databaseOf.get("amcheck:nbms"));
        assertEquals("postgres", databaseOf.get("amcheck:postgres"));
        assertTrue(databaseOf.containsKey("restore") && databaseOf.get("restore") == null, databaseOf.toString());
        String markdown = Files.readString(reports.resolve("pitr-drill-report.md"));
        assertTrue(markdown.contains("| extension:postgis | nbms | PASSED |"), markdown);
        String junit = Files.readString(reports.resolve("TEST-pitr-restore-drill.xml"));
        // Each testcase carries its own time (the drill's phases).
        assertTrue(java.util.regex.Pattern.compile("name=\"extension:postgis\" time=\"[0-9.]+\">\n    <properties>"
                + "<property name=\"database\" value=\"nbms\"/></properties>").matcher(junit).find(), junit);
    }

    @Test
    void aMalformedDatabasePrefixIsABuildErrorNamingTheParameterAndTheSyntax() {
        MavenBuild.Result r = project("drill-bad-prefix").run("verify", "-Dpitr.expectedRowCounts=:public.parcels=1");
        r.assertError();
        r.assertLogContains("<expectedRowCounts> (-Dpitr.expectedRowCounts): ':public.parcels' has an empty database "
                + "before the ':'");
        r.assertLogContains("write database:name, e.g. nbms:public.orders");
    }
}
