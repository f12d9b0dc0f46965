package dev.pitr.internal.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pitr.internal.os.Ownership;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns a drill's scratch directory ({@code pitr-drill.json} in it): the JVM's pid and start time (a
 * reused pid has another start time), this host, boot and PID namespace, the stanza, when the drill started, the
 * postmaster's pid once it runs, and whether the directory was kept on purpose ({@code keepScratch}).
 * A later drill, or {@code cleanStaleDrills}, reads it to tell a dead owner's drill from a live one.
 */
record DrillMarker(long ownerPid, Instant ownerStartedAt, String host, String bootId, String pidNamespace, String stanza,
        Instant startedAt, Optional<Long> postmasterPid, boolean kept) {
    static final String FILE = "pitr-drill.json";
    private static final Logger LOG = LoggerFactory.getLogger(DrillMarker.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The marker of a drill this JVM starts now. */
    static DrillMarker ofThisJvm(String stanza) {
        ProcessHandle self = ProcessHandle.current();
        return new DrillMarker(self.pid(), self.info().startInstant().orElse(Instant.EPOCH), thisHost(), thisBoot(),
                thisPidNamespace(), stanza, Instant.now(), Optional.empty(), false);
    }

    DrillMarker withPostmaster(long pid) {
        return new DrillMarker(ownerPid, ownerStartedAt, host, bootId, pidNamespace, stanza, startedAt, Optional.of(pid),
                kept);
    }

    DrillMarker keptOnPurpose() {
        return new DrillMarker(ownerPid, ownerStartedAt, host, bootId, pidNamespace, stanza, startedAt, postmasterPid,
                true);
    }

    /**
     * True when the owning JVM is still running: same boot, same pid, same start time. When a start time
     * cannot be read, a live pid counts as the owner (a live drill is never taken for a stale one).
     */
    boolean ownerAlive() {
        if (!bootId.equals(thisBoot())) {
            return false;
        }
        return ProcessHandle.of(ownerPid).filter(ProcessHandle::isAlive)
                .map(h -> h.info().startInstant().filter(t -> !ownerStartedAt.equals(Instant.EPOCH))
                        .map(t -> Math.abs(t.toEpochMilli() - ownerStartedAt.toEpochMilli()) < 2000).orElse(true))
                .orElse(false);
    }

    boolean onThisHost() {
        return host.equals(thisHost());
    }

    /**
     * Whether the owner's pid means the same process here: containers on one kernel share the boot id and often the
     * host name, but not the PID namespace, and a live drill of another container would look dead from this one.
     * Markers written before the namespace was recorded count as this namespace's.
     */
    boolean inThisPidNamespace() {
        return pidNamespace.isEmpty() || pidNamespace.equals(thisPidNamespace());
    }

    void write(Path scratch, Optional<String> runAs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ownerPid", ownerPid);
        m.put("ownerStartedAt", ownerStartedAt.toString());
        m.put("host", host);
        m.put("bootId", bootId);
        m.put("pidNamespace", pidNamespace);
        m.put("stanza", stanza);
        m.put("startedAt", startedAt.toString());
        m.put("postmasterPid", postmasterPid.orElse(null));
        m.put("kept", kept);
        try {
            Ownership.writePrivateFile(scratch.resolve(FILE), MAPPER.writeValueAsString(m) + "\n", runAs);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the drill marker in {}: {}", scratch, e.getMessage());
        }
    }

    /** The marker in a scratch directory; empty when there is none or it cannot be read. */
    static Optional<DrillMarker> read(Path scratch) {
        Path file = scratch.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new DrillMarker(n.path("ownerPid").asLong(), Instant.parse(n.path("ownerStartedAt").asText()),
                    n.path("host").asText(""), n.path("bootId").asText(""), n.path("pidNamespace").asText(""),
                    n.path("stanza").asText(""),
                    Instant.parse(n.path("startedAt").asText()), n.path("postmasterPid").isNumber()
                            ? Optional.of(n.path("postmasterPid").asLong()) : Optional.empty(),
                    n.path("kept").asBoolean(false)));
        } catch (IOException | DateTimeParseException e) {
            LOG.warn("unreadable drill marker {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static String thisHost() {
        return firstLine(Path.of("/proc/sys/kernel/hostname")).orElseGet(() -> {
            String h = System.getenv("HOSTNAME");
            return h == null ? "" : h;
        });
    }

    /** Changes at every boot, when pids start again from the beginning. */
    private static String thisBoot() {
        return firstLine(Path.of("/proc/sys/kernel/random/boot_id")).orElse("");
    }

    /** e.g. {@code pid:[4026531836]}; empty when /proc does not say. */
    private static String thisPidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
