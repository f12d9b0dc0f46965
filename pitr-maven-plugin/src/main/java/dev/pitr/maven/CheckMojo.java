package dev.pitr.maven;

import dev.pitr.CheckResult;
import dev.pitr.Operation;
import dev.pitr.PgBackRest;
import dev.pitr.PgBackRestException;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies that WAL archiving works and the repository is valid ({@code pgbackrest check}), then reads the
 * stanza's status from {@code info}, and prints what it verified as a table. A failed check is a BUILD
 * FAILURE (a warning with failOnError=false).
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class CheckMojo extends AbstractPitrMojo {
    /** Skip this goal. Also {@code -Dpitr.check.skip}. */
    @Parameter(property = "pitr.check.skip", defaultValue = "false")
    boolean checkSkip;

    @Override
    protected String goal() {
        return "check";
    }

    @Override
    protected String goalSkipProperty() {
        return "pitr.check.skip";
    }

    @Override
    protected boolean goalSkip() {
        return checkSkip;
    }

    @Override
    protected void run(PgBackRest pgbr) {
        String stanza = pgbr.configuration().stanza();
        if (dryRun()) {
            getLog().info("Dry run: would run " + String.join(" ", pgbr.commandLine(Operation.CHECK, List.of())));
            return;
        }
        TextTable table = new TextTable("Verified", "Result", "Detail");
        table.row("pgBackRest", "ok", "version " + pgbr.version());
        table.row("configuration", "ok", pgbr.configuration().configFile());
        String failure = null;
        try {
            CheckResult check = pgbr.check();
            table.row("WAL archiving and repository (pgbackrest check)", "ok",
                    "stanza " + stanza + ", " + check.command().duration().toMillis() + " ms");
            StanzaInfo info = pgbr.stanzaInfo();
            StanzaStatus status = info.status();
            boolean usable = status.ok() || status.code() == StanzaStatus.NO_VALID_BACKUPS;
            table.row("stanza status (pgbackrest info)", status.ok() ? "ok" : usable ? "WARN" : "FAILED",
                    status.message() + " (code " + status.code() + ")");
            table.row("backups", info.backups().isEmpty() ? "WARN" : "ok", info.backups().size() + " in repository"
                    + info.latestBackup().map(b -> ", latest " + b.label() + " (" + b.type().option() + ")").orElse(""));
            table.row("recovery window", info.recoveryWindow().isPresent() ? "ok" : "WARN",
                    info.recoveryWindow().map(Object::toString).orElse("none: take a backup first"));
            if (!usable) {
                failure = "stanza '" + stanza + "' status: " + status.message();
            }
        } catch (PgBackRestException e) {
            if (Outcomes.cannotRun(e) != null) {
                throw e;
            }
            failure = Outcomes.describe(e);
            table.row("WAL archiving and repository (pgbackrest check)", "FAILED", Outcomes.brief(e));
        }
        getLog().info("pitr:check of stanza '" + stanza + "':");
        table.lines().forEach(getLog()::info);
        if (failure != null) {
            failed("pitr:check failed for stanza '" + stanza + "': " + failure);
        }
        getLog().info("pitr:check passed for stanza '" + stanza + "'");
    }
}
