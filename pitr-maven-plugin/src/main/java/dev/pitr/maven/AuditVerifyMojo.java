package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies the hash chain of the audit log ({@code <auditLog>} / {@code -Dpitr.auditLog}) and of the rotated
 * files it links back to. A line that was changed, removed or inserted is a BUILD FAILURE naming it as
 * {@code line N} (a warning with failOnError=false). Reads files only: no stanza, no pgBackRest.
 */
@Mojo(name = "audit-verify", requiresProject = false, threadSafe = true)
public class AuditVerifyMojo extends AbstractPitrMojo {
    /** Skip this goal. Also {@code -Dpitr.auditVerify.skip}. */
    @Parameter(property = "pitr.auditVerify.skip", defaultValue = "false")
    boolean auditVerifySkip;

    private Path log;

    @Override
    protected String goal() {
        return "audit-verify";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.AUDIT_VERIFY_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return auditVerifySkip;
    }

    @Override
    protected boolean needsPgBackRest() {
        return false;
    }

    @Override
    protected void resolveGoalParameters(PropertyResolver props) {
        log = props.path(Param.AUDIT_LOG, auditLog, baseDirectory()).orElseThrow(() -> new PluginConfigurationException(
                Param.AUDIT_LOG, "no audit log is configured", "add <auditLog>/var/log/pitr/audit.jsonl</auditLog> or "
                        + "pass -Dpitr.auditLog=/var/log/pitr/audit.jsonl"));
        if (!Files.isRegularFile(log)) {
            throw new PluginConfigurationException(Param.AUDIT_LOG, log + " does not exist or is not a file",
                    "point it at the audit log the other goals write");
        }
    }

    @Override
    protected void runWithoutPgBackRest() {
        AuditVerification v = AuditLog.existing(log).verify(); // reads only: a 0640 log's group may verify it
        v.files().forEach(f -> getLog().info("Audit log file: " + f));
        if (!v.intact()) {
            failed("pitr:audit-verify: " + v.describe());
        }
        getLog().info("pitr:audit-verify: " + v.describe());
        v.head().ifPresent(h -> getLog().info("Keep the head " + h + " (seq " + v.headSeq() + ") outside this host: "
                + "a later verification that no longer reaches it shows lines were cut off the end"));
    }

    @Override
    protected void run(PgBackRest pgbr) {
        throw new UnsupportedOperationException("pitr:audit-verify runs without pgBackRest");
    }
}
