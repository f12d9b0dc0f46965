package dev.pitr.internal.drill.clone;

import static dev.pitr.internal.drill.clone.SettingGroup.quoted;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery is pitr's own: the restore_command and targets pgBackRest's restore wrote into
 * {@code postgresql.auto.conf} for this drill, and nothing of production's. pgBackRest manages only the
 * auto file; a restore_command, a recovery target or a recovery_min_apply_delay (a delayed standby's) in
 * production's postgresql.conf would still count. Each one pgBackRest did not write is reset.
 */
public final class RecoverySettings {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverySettings.class);
    private static final List<String> TARGETS = List.of("recovery_target", "recovery_target_lsn",
            "recovery_target_name", "recovery_target_time", "recovery_target_xid");
    /** PostgreSQL's defaults (12 and later), for the options pgBackRest did not write. */
    private static final Map<String, String> TARGET_OPTIONS = Map.of("recovery_target_action", "pause",
            "recovery_target_inclusive", "on", "recovery_target_timeline", "latest");

    private RecoverySettings() {
    }

    /** Built from the auto file as pgBackRest left it (before any other drill group touches recovery). */
    public static SettingGroup group(Path dataDirectory) {
        Map<String, String> written = written(dataDirectory.resolve("postgresql.auto.conf"));
        Map<String, String> s = new LinkedHashMap<>();
        String restore = written.get("restore_command");
        if (restore == null) {
            LOG.warn("pgBackRest wrote no restore_command into the drill's postgresql.auto.conf; the clone gets none");
        }
        s.put("restore_command", quoted(restore == null ? "" : restore));
        // PostgreSQL refuses a second target even when it is empty, unless the empty ones come first.
        TARGETS.stream().filter(t -> !written.containsKey(t)).forEach(t -> s.put(t, "''"));
        TARGETS.stream().filter(written::containsKey).forEach(t -> s.put(t, quoted(written.get(t))));
        new java.util.TreeMap<>(TARGET_OPTIONS).forEach((t, byDefault) -> s.put(t, quoted(written.getOrDefault(t,
                byDefault))));
        s.put("recovery_min_apply_delay", "0");
        return new SettingGroup("recovery", "pitr's own restore_command and target, as pgBackRest wrote them", s, true);
    }

    private static Map<String, String> written(Path autoConf) {
        Map<String, String> values = new HashMap<>();
        try {
            if (Files.isRegularFile(autoConf)) {
                for (String line : Files.readAllLines(autoConf, StandardCharsets.UTF_8)) {
                    PgConfLine.parse(line).ifPresent(e -> values.put(e.name(), e.value()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + autoConf, e);
        }
        return values;
    }
}
