package dev.pitr.maven;

import dev.pitr.EvidenceRequest;
import dev.pitr.HealthCheck;
import dev.pitr.PgBackRest;
import dev.pitr.governance.EvidenceDocument;
import dev.pitr.governance.EvidenceDocument.Gap;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Turns the drill history and the audit log of a period into one evidence document, written as
 * {@code pitr-evidence-<stanza>-<from>-<to>.json} and {@code .md} into {@code reportDirectory}: every drill,
 * the repositories drilled and never drilled, the governance rules (the same health check as pitr:check,
 * with its parameters), the gaps, the audit chain, and the controls each part answers (docs/evidence.md).
 * A broken audit chain is a BUILD FAILURE; gaps are only with {@code evidenceFailOnGaps}.
 */
@Mojo(name = "evidence", requiresProject = false, threadSafe = true)
public class EvidenceMojo extends CheckMojo {
    /** First day of the period (ISO date, UTC, inclusive); default: the first day of the current quarter. Also {@code -Dpitr.evidence.from}. */
    @Parameter(property = "pitr.evidence.from")
    String evidenceFrom;

    /** Last day of the period (ISO date, UTC, inclusive); default: the end of the quarter (today when only from is set). Also {@code -Dpitr.evidence.to}. */
    @Parameter(property = "pitr.evidence.to")
    String evidenceTo;

    /** Fail the build when the document lists gaps (a quarter without a PASSED drill, a repository never drilled...). Also {@code -Dpitr.evidence.failOnGaps}. */
    @Parameter(property = "pitr.evidence.failOnGaps", defaultValue = "false")
    boolean evidenceFailOnGaps;

    /** Skip this goal. Also {@code -Dpitr.evidence.skip}. */
    @Parameter(property = "pitr.evidence.skip", defaultValue = "false")
    boolean evidenceSkip;

    private Optional<LocalDate> from;
    private Optional<LocalDate> to;

    @Override
    protected String goal() {
        return "evidence";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.EVIDENCE_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return evidenceSkip;
    }

    @Override
    protected void resolveGoalParameters(PropertyResolver props) {
        super.resolveGoalParameters(props);
        from = props.date(Param.EVIDENCE_FROM, evidenceFrom);
        to = props.date(Param.EVIDENCE_TO, evidenceTo);
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw new PluginConfigurationException(Param.EVIDENCE_TO, to.get() + " is before " + Param.EVIDENCE_FROM
                    .describe() + " " + from.get(), "give a last day on or after the first (both inclusive)");
        }
    }

    @Override
    protected void run(PgBackRest pgbr) {
        String stanza = pgbr.configuration().stanza();
        HealthCheck check = healthCheck(pgbr);
        EvidenceRequest request = pgbr.evidence().reportDirectory(reports).healthCheck(check);
        from.ifPresent(request::from);
        to.ifPresent(request::to);
        if (dryRun()) {
            request.plan().describe().lines().forEach(getLog()::info);
            return;
        }
        // Read info once: what cannot run is a BUILD ERROR; the snapshot serves the check and the document.
        refuseWhatCannotRun(pgbr).ifPresent(i -> {
            check.info(i);
            request.info(i);
        });
        EvidenceDocument evidence = request.run();
        getLog().info("Evidence of stanza '" + stanza + "' from " + evidence.from() + " to " + evidence.to() + ": "
                + evidence.drills().size() + " drill(s), " + evidence.passedDrills().size() + " PASSED; "
                + evidence.repositories().size() + " repositor(ies); governance " + evidence.governance()
                        .map(h -> h.status().name()).orElse("unavailable") + "; " + evidence.audit()
                                .map(v -> v.describe()).orElse("no audit log configured"));
        evidence.gaps().forEach(g -> getLog().warn("Gap " + g.kind() + " (" + g.subject() + "): " + g.message()));
        evidence.files().forEach(f -> getLog().info("Evidence: " + f));
        if (evidence.audit().map(v -> !v.intact()).orElse(false)) {
            failed("pitr:evidence of stanza '" + stanza + "': " + evidence.audit().get().describe() + " (the document "
                    + "was written and records it)");
        }
        if (resolver().flag(Param.EVIDENCE_FAIL_ON_GAPS, evidenceFailOnGaps) && !evidence.gaps().isEmpty()) {
            failed("pitr:evidence of stanza '" + stanza + "' found " + evidence.gaps().size() + " gap(s): "
                    + String.join("; ", evidence.gaps().stream().map(Gap::message).toList()));
        }
    }
}
