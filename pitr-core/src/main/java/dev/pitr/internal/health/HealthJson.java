package dev.pitr.internal.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import java.time.Duration;
import java.util.Optional;

/** The monitoring JSON of a health report; durations in whole seconds, unknown figures as null. */
public final class HealthJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HealthJson() {
    }

    public static String render(HealthReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("stanza", r.stanza());
        o.put("checkedAt", r.checkedAt().toString());
        o.put("status", r.status().name());
        o.put("pass", r.results().size() - r.warnings().size() - r.failures().size());
        o.put("warn", r.warnings().size());
        o.put("fail", r.failures().size());
        HealthMetrics m = r.metrics();
        ObjectNode metrics = o.putObject("metrics");
        seconds(metrics, "lastBackupAgeSeconds", m.lastBackupAge());
        seconds(metrics, "lastFullBackupAgeSeconds", m.lastFullBackupAge());
        seconds(metrics, "walArchiveLagSeconds", m.walArchiveLag());
        seconds(metrics, "newestArchivedWalAgeSeconds", m.newestArchivedWalAge());
        if (m.recoveryWindow().isPresent()) {
            ObjectNode w = metrics.putObject("recoveryWindow");
            w.put("earliest", m.recoveryWindow().get().earliest().toString());
            w.put("latest", m.recoveryWindow().get().latest().toString());
            w.put("latestSource", m.recoveryWindow().get().latestSource().name());
            w.put("latestBackupStop", m.recoveryWindow().get().latestBackupStop().toString());
            w.put("latestArchivedWal", m.recoveryWindow().get().latestArchivedWal().orElse(null));
        } else {
            metrics.putNull("recoveryWindow");
        }
        seconds(metrics, "lastDrillAgeSeconds", m.lastDrillAge());
        metrics.put("lastDrillStatus", m.lastDrillStatus().map(Enum::name).orElse(null));
        ArrayNode rules = o.putArray("rules");
        for (RuleResult rr : r.results()) {
            ObjectNode n = rules.addObject();
            n.put("rule", rr.rule());
            n.put("status", rr.status().name());
            n.put("message", rr.message());
            n.put("fix", rr.fix());
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the health report", e);
        }
    }

    private static void seconds(ObjectNode o, String field, Optional<Duration> d) {
        if (d.isPresent()) {
            o.put(field, d.get().toSeconds());
        } else {
            o.putNull(field);
        }
    }
}
