package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/** The isolated restore's port and listen addresses mean nothing without restoreIsolated: said before anything loads. */
class RestoreIsolationParametersTest {
    final MojoFixture f = new MojoFixture();

    @Test
    void aPortWithoutIsolatedIsABuildErrorNamingBothParameters() {
        RestoreMojo mojo = f.wire(new RestoreMojo());
        mojo.stanza = "main";
        f.user.setProperty("pitr.restore.confirm", "main");
        f.user.setProperty("pitr.restore.port", "5499");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<restorePort> (-Dpitr.restore.port): only applies to an isolated restore"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dpitr.restore.isolated=true"), e.getMessage());
        f.user.remove("pitr.restore.port");
        f.user.setProperty("pitr.restore.listenAddresses", "localhost");
        MojoExecutionException listen = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(listen.getMessage().startsWith("<restoreListenAddresses> (-Dpitr.restore.listenAddresses)"),
                listen.getMessage());
        assertEquals(0, f.loads);
    }

    @Test
    void aPortOutOfRangeNamesThePomElementAndProperty() {
        RestoreMojo mojo = f.wire(new RestoreMojo());
        mojo.stanza = "main";
        f.user.setProperty("pitr.restore.confirm", "main");
        f.user.setProperty("pitr.restore.isolated", "true");
        f.user.setProperty("pitr.restore.port", "70000");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<restorePort> (-Dpitr.restore.port)"), e.getMessage());
        assertTrue(e.getMessage().contains("70000 is not a port"), e.getMessage());
        assertEquals(0, f.loads);
    }
}
