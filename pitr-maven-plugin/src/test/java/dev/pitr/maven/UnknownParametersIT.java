package dev.pitr.maven;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real Maven builds with misspelt parameters: each is a BUILD ERROR naming the unknown name and the closest
 * known one, before anything runs (no pgBackRest or PostgreSQL is needed to get there).
 */
class UnknownParametersIT {
    @Test
    void misspeltElementsOfThePluginAndOfTheExecutionAreABuildErrorWithTheRightName() {
        MavenBuild.Result r = MavenBuild.project("typos", "typos", Map.of()).run("pitr:restore-drill");
        r.assertError();
        r.assertLogContains("<expectedRowCount> in the plugin's <configuration> is not a pitr parameter; "
                + "did you mean <expectedRowCounts>?");
        r.assertLogContains("<extentions> in the plugin's <configuration> is not a pitr parameter; did you mean <extensions>?");
        r.assertLogContains("<maxRTO> in the plugin's <configuration> is not a pitr parameter; did you mean <maxRto>?");
        r.assertLogLacks("Restore drill of stanza");
    }

    @Test
    void aMisspeltPropertyIsABuildErrorWithTheRightName() {
        MavenBuild.Result r = MavenBuild.project("basic", "typo-property", Map.of("stanza", "main", "configFile",
                "/nonexistent/pgbackrest.conf", "runAsUser", "postgres")).run("pitr:restore", "-Dpitr.tagret=latest",
                        "-Dpitr.dryRun");
        r.assertError();
        r.assertLogContains("-Dpitr.tagret is not a pitr property; did you mean -Dpitr.target?");
    }

    @Test
    void theVersionPropertyOfPipelinePomsIsNoTypo() {
        MavenBuild.Result r = MavenBuild.project("basic", "version-property", Map.of("stanza", "main", "configFile",
                "/nonexistent/pgbackrest.conf", "runAsUser", "postgres")).run("pitr:info", "-Dpitr.version=0.1.0",
                        "-Dpitr.skip");
        r.assertSuccess();
        r.assertLogContains("Skipping pitr:info");
    }
}
