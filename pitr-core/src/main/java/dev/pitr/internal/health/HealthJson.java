package dev.pitr.internal.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.RuleResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The monitoring JSON of a health report; durations in whole seconds, unknown figures as null. It takes the
 * report's parts (not the report), so the report can render itself without a circle through the engine.
 */
public final class HealthJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HealthJson() {
    }

    public static String render(String stanza, Instant checkedAt, RuleResult.Status status, List<RuleResult> results,
            HealthMetrics m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("stanza", stanza);
        o.put("checkedAt", checkedAt.toString());
        o.put("status", status.name());
        o.put("pass", count(results, RuleResult.Status.PASS));
        o.put("warn", count(results, RuleResult.Status.WARN));
        o.put("fail", count(results, RuleResult.Status.FAIL));
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
        for (RuleResult rr : results) {
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

    private static long count(List<RuleResult> results, RuleResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
