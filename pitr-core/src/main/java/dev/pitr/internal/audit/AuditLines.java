package dev.pitr.internal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON form of an audit line (stable field names). Masking secrets is the caller's job (AuditLog). */
public final class AuditLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditLines() {
    }

    public static String toJson(AuditEntry e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("time", e.time().toString());
        o.put("user", e.user());
        o.put("host", e.host());
        o.put("operation", e.operation());
        o.put("stanza", e.stanza());
        ArrayNode argv = o.putArray("argv");
        e.argv().forEach(argv::add);
        o.put("durationMs", e.durationMs());
        o.put("outcome", e.outcome().name());
        e.errorCode().ifPresent(c -> o.put("errorCode", c));
        e.backupLabel().ifPresent(l -> o.put("backupLabel", l));
        e.detail().ifPresent(d -> o.put("detail", d));
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot render an audit line", ex);
        }
    }

    public static Optional<AuditEntry> parse(String line) {
        if (line == null || line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode n = MAPPER.readTree(line);
            if (n == null || !n.isObject() || !n.hasNonNull("time") || !n.hasNonNull("operation")
                    || !n.hasNonNull("outcome")) {
                return Optional.empty();
            }
            List<String> argv = new ArrayList<>();
            n.path("argv").forEach(a -> argv.add(a.asText()));
            return Optional.of(new AuditEntry(Instant.parse(n.get("time").asText()), n.path("user").asText(""),
                    n.path("host").asText(""), n.get("operation").asText(), n.path("stanza").asText(""), argv,
                    n.path("durationMs").asLong(0), AuditOutcome.valueOf(n.get("outcome").asText()),
                    text(n, "errorCode"), text(n, "backupLabel"), text(n, "detail")));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
