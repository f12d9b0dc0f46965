package dev.pitr.internal.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitr.audit.AuditVerification;
import dev.pitr.drill.DrillCheck;
import dev.pitr.governance.EvidenceDocument;
import dev.pitr.governance.EvidenceDocument.Control;
import dev.pitr.governance.EvidenceDocument.Drill;
import dev.pitr.governance.EvidenceDocument.Gap;
import dev.pitr.governance.EvidenceDocument.OperationCount;
import dev.pitr.governance.EvidenceDocument.RepositoryCoverage;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;

/** The JSON form of an evidence document (stable field names, docs/evidence.md); durations in milliseconds. */
public final class EvidenceJson {
    /** Bumped when a field changes meaning or goes away; new fields do not bump it. */
    static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidenceJson() {
    }

    public static String render(EvidenceDocument d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", "pitr-evidence/" + FORMAT);
        o.put("stanza", d.stanza());
        ObjectNode period = o.putObject("period");
        period.put("from", d.from().toString());
        period.put("to", d.to().toString());
        o.put("generatedAt", d.generatedAt().toString());
        o.put("disclaimer", Controls.DISCLAIMER);
        ObjectNode summary = o.putObject("summary");
        summary.put("drills", d.drills().size());
        summary.put("passed", d.passedDrills().size());
        summary.put("failed", d.drills().size() - d.passedDrills().size());
        summary.put("gaps", d.gaps().size());
        summary.put("auditChain", EvidenceMarkdown.auditState(d));
        summary.put("governance", d.governance().map(h -> h.status().name()).orElse("UNAVAILABLE"));
        ArrayNode drills = o.putArray("drills");
        d.drills().forEach(dr -> drill(drills.addObject(), dr));
        ArrayNode repos = o.putArray("repositories");
        for (RepositoryCoverage r : d.repositories()) {
            ObjectNode n = repos.addObject();
            n.put("repo", r.repo());
            n.put("knownFrom", r.knownFrom());
            n.put("drillsInPeriod", r.drillsInPeriod());
            n.put("passedInPeriod", r.passedInPeriod());
            n.put("lastPassed", r.lastPassed().map(Object::toString).orElse(null));
        }
        if (d.governance().isPresent()) {
            governance(o.putObject("governance"), d.governance().get());
        } else {
            o.putNull("governance");
        }
        if (d.audit().isPresent()) {
            audit(o.putObject("audit"), d.audit().get());
        } else {
            o.putNull("audit");
        }
        ArrayNode ops = o.putArray("operations");
        for (OperationCount c : d.operations()) {
            ops.addObject().put("operation", c.operation()).put("total", c.total()).put("failed", c.failed());
        }
        ArrayNode gaps = o.putArray("gaps");
        for (Gap g : d.gaps()) {
            gaps.addObject().put("kind", g.kind().name()).put("subject", g.subject()).put("message", g.message());
        }
        ArrayNode controls = o.putArray("controls");
        for (Control c : d.controls()) {
            ObjectNode n = controls.addObject();
            n.put("id", c.id());
            n.put("title", c.title());
            ArrayNode parts = n.putArray("parts");
            c.parts().forEach(parts::add);
            n.put("statement", c.statement());
        }
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the evidence document", e);
        }
    }

    private static void drill(ObjectNode n, Drill d) {
        n.put("startedAt", d.startedAt().toString());
        n.put("finishedAt", d.finishedAt().toString());
        n.put("status", d.status());
        if (d.repo().isPresent()) {
            n.put("repo", d.repo().get());
        } else {
            n.putNull("repo");
        }
        n.put("backupSet", d.backupSet());
        n.put("target", d.target());
        n.put("recoveredTo", d.recoveredTo().map(Object::toString).orElse(null));
        n.put("rtoMs", d.rto().toMillis());
        if (d.recoveryPointGap().isPresent()) {
            n.put("recoveryPointGapMs", d.recoveryPointGap().get().toMillis());
        } else {
            n.putNull("recoveryPointGapMs");
        }
        n.put("gapBasis", d.gapBasis());
        if (d.seed().isPresent()) {
            n.put("seed", d.seed().get());
        } else {
            n.putNull("seed");
        }
        ArrayNode checks = n.putArray("checks");
        for (DrillCheck c : d.checks()) {
            checks.addObject().put("name", c.name()).put("database", c.database().orElse(null))
                    .put("status", c.status().name()).put("expected", c.expected()).put("actual", c.actual())
                    .put("message", c.message());
        }
        n.put("historyFile", d.historyFile().map(Object::toString).orElse(null));
        if (d.auditSeq().isPresent()) {
            n.put("auditSeq", d.auditSeq().get());
        } else {
            n.putNull("auditSeq");
        }
        ArrayNode notes = n.putArray("notes");
        d.notes().forEach(notes::add);
    }

    private static void governance(ObjectNode n, HealthReport h) {
        n.put("checkedAt", h.checkedAt().toString());
        n.put("status", h.status().name());
        ArrayNode rules = n.putArray("rules");
        for (RuleResult r : h.results()) {
            rules.addObject().put("rule", r.rule()).put("status", r.status().name()).put("message", r.message())
                    .put("fix", r.fix());
        }
    }

    private static void audit(ObjectNode n, AuditVerification v) {
        ArrayNode files = n.putArray("files");
        v.files().forEach(f -> files.add(f.toString()));
        n.put("lines", v.lines());
        n.put("intact", v.intact());
        if (v.chainStart().isPresent()) {
            n.putObject("chainStart").put("file", v.chainStart().get().file().toString())
                    .put("line", v.chainStart().get().line());
        } else {
            n.putNull("chainStart");
        }
        if (v.firstBreak().isPresent()) {
            AuditVerification.Break b = v.firstBreak().get();
            n.putObject("firstBreak").put("file", b.file().toString()).put("line", b.line()).put("kind", b.kind().name())
                    .put("message", b.message());
        } else {
            n.putNull("firstBreak");
        }
        n.put("head", v.head().orElse(null));
        n.put("headSeq", v.headSeq());
        n.put("missingPrevious", v.missingPrevious().orElse(null));
        n.put("summary", v.describe());
    }
}
