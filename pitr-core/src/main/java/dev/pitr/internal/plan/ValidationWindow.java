package dev.pitr.internal.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pitr.internal.drill.DrillCluster;
import dev.pitr.internal.drill.DrillRun;
import dev.pitr.internal.drill.DrillSettings;
import dev.pitr.internal.os.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validation window of a planned drill: after its checks the clone stays up, still isolated (its own unix
 * socket, no TCP, no archiving), for a person or a script. Where to reach it is written to
 * {@code <reportDirectory>/pitr-drill-clone.json}; deleting that file ends the window early. At the end of the
 * window the file is removed and the drill is torn down.
 */
public final class ValidationWindow {
    /** The file that says where the clone is, while it is up. */
    public static final String CLONE_FILE = "pitr-drill-clone.json";
    private static final Logger LOG = LoggerFactory.getLogger(ValidationWindow.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ValidationWindow() {
    }

    /** Keeps the drill's clone up for {@code window}, or until its clone file is deleted. */
    public static void hold(DrillRun run, Duration window, DrillSettings settings, Optional<String> reportGroup) {
        DrillCluster c = run.cluster();
        Instant until = Instant.now().plus(window);
        Path file = settings.reportDirectory().resolve(CLONE_FILE);
        Map<String, Object> clone = new LinkedHashMap<>();
        clone.put("stanza", run.report().stanza());
        clone.put("backupSet", run.report().backupSet());
        clone.put("status", run.report().status().name());
        clone.put("PGHOST", c.socketDirectory().toString());
        clone.put("PGPORT", c.port());
        clone.put("PGUSER", c.user());
        clone.put("PGDATABASE", settings.database());
        clone.put("jdbcUrl", c.jdbcUrl(settings.database()));
        clone.put("until", until.toString());
        clone.put("release", "delete this file to tear the clone down before " + until);
        try {
            ReportFiles.write(file, JSON.writeValueAsString(clone) + "\n", reportGroup);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOG.info("validation window: the drill's clone stays up until {} (PGHOST={} PGPORT={} PGUSER={}); delete {} to "
                + "release it early", until, c.socketDirectory(), c.port(), c.user(), file);
        try {
            while (Instant.now().isBefore(until) && Files.exists(file)) {
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", file, e.getMessage());
            }
        }
        LOG.info("validation window over{}", Instant.now().isBefore(until) ? " (released early)" : "");
    }
}
