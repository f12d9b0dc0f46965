package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.error.VerifyFailedException;
import dev.pitr.operation.Operation;
import dev.pitr.operation.VerifyResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies the repository's backups and WAL ({@code pgbackrest verify}). Findings are a BUILD FAILURE (a
 * warning with failOnError=false).
 */
@Mojo(name = "verify", requiresProject = false, threadSafe = true)
public class VerifyMojo extends AbstractPitrMojo {
    /** Skip this goal. Also {@code -Dpitr.verify.skip}. */
    @Parameter(property = "pitr.verify.skip", defaultValue = "false")
    boolean verifySkip;

    @Override
    protected String goal() {
        return "verify";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.VERIFY_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return verifySkip;
    }

    @Override
    protected void run(PgBackRest pgbr) {
        if (dryRun()) {
            pgbr.plan(Operation.VERIFY).describe().lines().forEach(getLog()::info);
            return;
        }
        try {
            VerifyResult result = pgbr.verify();
            result.lines().forEach(getLog()::info);
            getLog().info("pitr:verify passed for stanza '" + pgbr.configuration().stanza() + "'");
        } catch (VerifyFailedException e) {
            e.findings().forEach(getLog()::error);
            failed("pitr:verify found problems in stanza '" + pgbr.configuration().stanza() + "': " + e.getMessage());
        }
    }
}
