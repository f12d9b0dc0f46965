package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.RepositoryHostTopology;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The goals in a dedicated-repository-host setup (pitr-core's {@link RepositoryHostTopology}: two OS users,
 * two pgbackrest servers, mutual TLS): real Maven builds run stanza-create and backups with the repository
 * host's configuration, and info, a restore drill and the governance check with the database host's (the
 * check reads the live server settings, so it belongs on the database host).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepositoryHostPluginIT {
    static final String STANZA = "plugin-rh";
    static final long ROWS = 250;
    static RepositoryHostTopology topology;

    @BeforeAll
    static void start() {
        topology = RepositoryHostTopology.start(STANZA);
    }

    @AfterAll
    static void stop() {
        if (topology != null) {
            topology.close();
        }
    }

    private static MavenBuild repositoryHostProject(String name) {
        return MavenBuild.project("basic", name, Map.of("stanza", STANZA, "configFile",
                topology.repoSide().configuration().configFile().toString(), "runAsUser", topology.repoUser.name()));
    }

    @Test
    @Order(1)
    void stanzaCreateAndFullThenIncrBackupsRunWithTheRepositoryHostsConfiguration() {
        topology.db().execute("create table t(id int)", "insert into t select generate_series(1, " + ROWS + ")");
        MavenBuild.Result r = repositoryHostProject("rh-backup")
                .run("pitr:stanza-create", "pitr:backup@full", "pitr:backup@incr", "pitr:info");
        r.assertSuccess();
        r.assertLogContains("F (full) completed");
    }

    @Test
    @Order(2)
    void infoARestoreDrillAndTheCheckRunWithTheDatabaseHostsConfiguration() {
        MavenBuild build = MavenBuild.project("drill", "rh-db-drill", Map.of("stanza", STANZA, "configFile",
                topology.dbSide().configuration().configFile().toString(), "runAsUser", RepositoryHostTopology.DB_USER,
                "rows", Long.toString(ROWS)));
        // The drill (bound to integration-test) runs first, so the check finds it in the shared reportDirectory.
        MavenBuild.Result r = build.run("pitr:info", "verify", "pitr:check");
        r.assertSuccess();
        r.assertLogContains("Restore drill of stanza '" + STANZA + "' PASSED");
        r.assertLogMatches("pgbackrest-check\\s+PASS ");
        r.assertLogMatches("restore-drill\\s+PASS ");
        r.assertLogContains("pitr:check passed for stanza '" + STANZA + "'");
    }

    @Test
    @Order(3)
    void aClientCertificateNotAuthorizedForTheStanzaFailsTheBuildWithTheFix() {
        PgBackRest otherApp = topology.dbVariant("plugin-other-app", topology.repoHostSeenFromDb("other-client"));
        MavenBuild.Result r = MavenBuild.project("basic", "rh-not-authorized", Map.of("stanza", STANZA, "configFile",
                otherApp.configuration().configFile().toString(), "runAsUser", RepositoryHostTopology.DB_USER))
                .run("pitr:check");
        r.assertFailure();
        r.assertLogContains("tls-server-auth=" + RepositoryHostTopology.OTHER_CN + "=" + STANZA);
    }
}
