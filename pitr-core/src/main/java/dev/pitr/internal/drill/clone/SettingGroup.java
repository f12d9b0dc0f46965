package dev.pitr.internal.drill.clone;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named group of settings the drill gives its clone, with why. Values are written as given (quote
 * strings with {@link #quoted}). A {@code locked} group protects the clone from production (isolation,
 * neutralised commands, recovery): no later group may change what it set.
 */
public record SettingGroup(String name, String why, Map<String, String> settings, boolean locked) {
    public SettingGroup {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A single-quoted configuration string. */
    public static String quoted(String value) {
        return PgConfLine.quote(value);
    }

    /** This group without the settings the server does not know (another major version's). */
    SettingGroup knownTo(KnownParameters known) {
        Map<String, String> kept = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (known.knows(k)) {
                kept.put(k, v);
            }
        });
        return new SettingGroup(name, why, kept, locked);
    }

    String render() {
        StringBuilder s = new StringBuilder("\n# pitr restore drill: ").append(name).append(" (").append(why).append(")\n");
        settings.forEach((k, v) -> s.append(k).append(" = ").append(v).append('\n'));
        return s.toString();
    }
}
