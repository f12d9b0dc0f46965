package dev.pitr.internal.drill.clone;

import dev.pitr.internal.os.Ownership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the drill changes its clone's configuration: named {@link SettingGroup}s appended,
 * in turn, to the restored {@code postgresql.auto.conf}, which PostgreSQL reads last (the last occurrence
 * of a setting wins). The order the drill uses, and where a new group goes:
 * <ol>
 * <li>locked groups, which keep production out: isolation, neutralised commands and outside reach,
 * recovery (pitr's own), hot-standby minimums;</li>
 * <li>tuning groups, which may change only what no locked group set: memory for this host (it caps production's
 * values), then replay tuning, which the plan sized within the same memory budget.</li>
 * </ol>
 * Each group is written before the next is built, so a group that sizes itself from the clone's values
 * ({@link #values()}) sees the groups before it. A setting the server does not know is left out.
 */
public final class CloneSettings {
    private static final Logger LOG = LoggerFactory.getLogger(CloneSettings.class);

    private final Path autoConf;
    private final Optional<String> runAs;
    private final KnownParameters known;
    private final RestoredValues values;
    private final Map<String, String> lockedBy = new LinkedHashMap<>();
    private final List<SettingGroup> written = new ArrayList<>();

    public CloneSettings(Path dataDirectory, Optional<String> runAs, KnownParameters known, RestoredValues values) {
        this.autoConf = dataDirectory.resolve("postgresql.auto.conf");
        this.runAs = runAs;
        this.known = known;
        this.values = values;
    }

    public KnownParameters known() {
        return known;
    }

    /** The clone's values as the groups written so far leave them. */
    public RestoredValues values() {
        return values;
    }

    /** Appends a group; a programming error when it changes a setting a locked group made. */
    public SettingGroup append(SettingGroup group) {
        SettingGroup kept = group.knownTo(known);
        for (String name : kept.settings().keySet()) {
            String owner = lockedBy.get(name);
            if (owner != null) {
                throw new IllegalStateException("the drill's '" + group.name() + "' settings may not change " + name
                        + ", which '" + owner + "' set to keep the clone away from production");
            }
        }
        if (kept.settings().isEmpty()) {
            return kept;
        }
        try {
            Files.writeString(autoConf, kept.render(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Ownership.chown(autoConf, runAs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drill settings into " + autoConf, e);
        }
        if (kept.locked()) {
            kept.settings().keySet().forEach(name -> lockedBy.put(name, kept.name()));
        }
        written.add(kept);
        values.forget(kept.settings().keySet());
        LOG.info("drill clone settings, {}: {}", kept.name(), kept.settings());
        return kept;
    }

    /** The groups written, in order. */
    public List<SettingGroup> groups() {
        return List.copyOf(written);
    }
}
