package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Creates the stanza in every repository ({@code pgbackrest stanza-create}); safe to repeat. */
@Mojo(name = "stanza-create", requiresProject = false, threadSafe = true)
public class StanzaCreateMojo extends AbstractPitrMojo {
    /** Skip this goal. Also {@code -Dpitr.stanzaCreate.skip}. */
    @Parameter(property = "pitr.stanzaCreate.skip", defaultValue = "false")
    boolean stanzaCreateSkip;

    @Override
    protected String goal() {
        return "stanza-create";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.STANZA_CREATE_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return stanzaCreateSkip;
    }

    @Override
    protected void run(PgBackRest pgbr) {
        if (dryRun()) {
            pgbr.plan(Operation.STANZA_CREATE).describe().lines().forEach(getLog()::info);
            return;
        }
        CommandResult result = pgbr.stanzaCreate();
        getLog().info("Stanza '" + pgbr.configuration().stanza() + "' is created (" + result.duration().toMillis() + " ms)");
    }
}
