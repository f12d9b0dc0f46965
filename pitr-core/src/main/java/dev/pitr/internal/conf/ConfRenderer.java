package dev.pitr.internal.conf;

import dev.pitr.config.Repository;
import dev.pitr.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders pgbackrest.conf from the typed model: a {@code [global]} section with the repositories and
 * global options, then the stanza section(s). Secrets are never rendered; they travel in the environment.
 */
public final class ConfRenderer {
    static final String HEADER = "# Rendered by pitr. Secrets are not stored here: pitr passes them as PGBACKREST_* variables.\n";

    private ConfRenderer() {
    }

    public static String render(String stanza, List<Repository> repositories, Map<String, String> global,
            Map<String, String> stanzaSection) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        global.forEach((k, v) -> g.put(k, List.of(v)));
        Map<String, List<String>> s = new LinkedHashMap<>();
        stanzaSection.forEach((k, v) -> s.put(k, List.of(v)));
        return render(repositories, g, Map.of(stanza, s));
    }

    /**
     * Any number of further sections ({@code [stanza]}, {@code [global:archive-push]}...), each option
     * with one or more values (options such as {@code exclude} may repeat).
     */
    public static String render(List<Repository> repositories, Map<String, List<String>> global,
            Map<String, Map<String, List<String>>> sections) {
        StringBuilder out = new StringBuilder(HEADER);
        out.append("[global]\n");
        for (Repository r : repositories) {
            String prefix = "repo" + r.number().orElseThrow() + "-";
            if (!r.remote()) { // a remote repository's type is the repository host's business
                out.append(prefix).append("type=").append(r.type().option()).append('\n');
            }
            r.path().ifPresent(p -> line(out, "global", prefix + "path", p));
            r.options().forEach((k, v) -> line(out, "global", prefix + k, v));
        }
        append(out, "global", global);
        sections.forEach((name, options) -> {
            out.append('\n').append('[').append(ConfValues.plainText(Setting.STANZA, name, "the section name")).append("]\n");
            append(out, name, options);
        });
        return out.toString();
    }

    private static void append(StringBuilder out, String section, Map<String, List<String>> options) {
        options.forEach((k, values) -> values.forEach(v -> line(out, section, k, v)));
    }

    /**
     * One {@code key=value} line. The file has no quoting: a line break in a value would add options of its
     * own, so every key and value is checked here, whichever setter it came from.
     */
    private static void line(StringBuilder out, String section, String key, String value) {
        Setting setting = settingOf(section, key);
        ConfValues.optionName(setting, key);
        ConfValues.plainText(setting, key, value, "the value of " + key + " in [" + section + "]");
        out.append(key).append('=').append(value).append('\n');
    }

    /** The setter a rendered option comes from, for the error (the option itself is named too). */
    private static Setting settingOf(String section, String key) {
        if (key.startsWith("repo")) {
            return Setting.REPOSITORY;
        }
        if (key.startsWith("tls-server-")) {
            return Setting.TLS_SERVER;
        }
        return switch (key) {
            case "pg1-path" -> Setting.PG_PATH;
            case "pg1-port" -> Setting.PG_PORT;
            case "pg1-socket-path" -> Setting.PG_SOCKET_PATH;
            case "pg1-user" -> Setting.PG_USER;
            default -> key.startsWith("pg1-host") ? Setting.PG_HOST
                    : section.equals("global") ? Setting.GLOBAL_OPTION : Setting.STANZA_OPTION;
        };
    }
}
