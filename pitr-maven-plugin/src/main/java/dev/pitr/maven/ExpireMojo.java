package dev.pitr.maven;

import dev.pitr.ExpireRequest;
import dev.pitr.PgBackRest;
import dev.pitr.operation.ExpireResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Applies the repository's retention ({@code pgbackrest expire}). With dryRun, pgBackRest's own
 * {@code --dry-run} reports what would be removed and removes nothing.
 */
@Mojo(name = "expire", requiresProject = false, threadSafe = true)
public class ExpireMojo extends AbstractPitrMojo {
    /** Skip this goal. Also {@code -Dpitr.expire.skip}. */
    @Parameter(property = "pitr.expire.skip", defaultValue = "false")
    boolean expireSkip;

    @Override
    protected String goal() {
        return "expire";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.EXPIRE_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return expireSkip;
    }

    @Override
    protected void run(PgBackRest pgbr) {
        ExpireRequest request = pgbr.expire();
        repo().ifPresent(request::repo);
        if (dryRun()) {
            // pgBackRest's own dry run: it reports what retention would remove, and removes nothing.
            request.dryRun();
            request.plan().describe().lines().forEach(getLog()::info);
        }
        ExpireResult result = request.run();
        String verb = result.dryRun() ? "Dry run: would expire " : "Expired ";
        getLog().info(result.expiredBackups().isEmpty() ? (result.dryRun() ? "Dry run: nothing would expire"
                : "Nothing to expire") : verb + String.join(", ", result.expiredBackups()));
    }
}
