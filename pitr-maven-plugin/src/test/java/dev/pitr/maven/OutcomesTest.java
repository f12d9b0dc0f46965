package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.StanzaMissingException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/** Which pitr-core failures are BUILD ERRORs (cannot run) and which are BUILD FAILUREs (the result is bad). */
class OutcomesTest {
    @Test
    void aMissingStanzaIsAlwaysABuildErrorNamingStanzaCreateAndTheStanzaParameter() {
        for (ErrorCode code : List.of(ErrorCode.OPTION_REQUIRED, ErrorCode.FILE_MISSING)) {
            MojoExecutionException e = Outcomes.cannotRun(new StanzaMissingException(code, "no stanza", List.of(), null));
            assertNotNull(e, code.toString());
            assertTrue(e.getMessage().contains("pitr:stanza-create"), e.getMessage());
            assertTrue(e.getMessage().contains("-Dpitr.stanza"), e.getMessage());
        }
    }

    @Test
    void anArchiveTimeoutIsAFailedResultNotABuildError() {
        assertNull(Outcomes.cannotRun(new PgBackRestException(ErrorCode.ARCHIVE_TIMEOUT, "WAL not archived")));
    }
}
