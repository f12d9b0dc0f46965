package dev.pitr.internal.drill.clone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Production's commands, peers, session libraries and outside files, neutralised ({@link ParameterReview}),
 * and production's preloaded libraries without those whose background workers reach outside the clone.
 */
public final class NeutralisedSettings {
    /** Preloaded libraries removed from the clone: they act on the world, not on the data. */
    static final Set<String> OUTREACH_LIBRARIES = Set.of("pg_cron", "pg_net", "pglogical");

    private NeutralisedSettings() {
    }

    public static SettingGroup commands() {
        return new SettingGroup("neutralised commands and outside reach", "production's commands, peers, libraries "
                + "and files never run or are reached from the clone", ParameterReview.neutralised(), true);
    }

    /** Written after {@link #commands()}, which makes a production configuration readable on this host. */
    public static SettingGroup preloadLibraries(RestoredValues values) {
        Map<String, String> s = new LinkedHashMap<>();
        values.value("shared_preload_libraries").ifPresent(list -> withoutOutreach(list)
                .ifPresent(kept -> s.put("shared_preload_libraries", SettingGroup.quoted(kept))));
        return new SettingGroup("preloaded libraries", "without " + String.join(", ", OUTREACH_LIBRARIES.stream()
                .sorted().toList()), s, true);
    }

    /** The list without outreach libraries, or empty when there is none to remove. */
    static Optional<String> withoutOutreach(String list) {
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String entry : list.split(",")) {
            String lib = entry.strip();
            if (lib.isEmpty()) {
                continue;
            }
            if (OUTREACH_LIBRARIES.contains(baseName(lib))) {
                removed = true;
            } else {
                kept.add(lib);
            }
        }
        return removed ? Optional.of(String.join(", ", kept)) : Optional.empty();
    }

    /** {@code "$libdir/pg_cron.so"} and {@code pg_cron} are both pg_cron. */
    private static String baseName(String lib) {
        String s = lib.replace("\"", "");
        s = s.substring(s.lastIndexOf('/') + 1);
        if (s.endsWith(".so")) {
            s = s.substring(0, s.length() - 3);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
