package dev.pitr.internal.conf;

import dev.pitr.config.Repository;
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
            r.path().ifPresent(p -> out.append(prefix).append("path=").append(p).append('\n'));
            r.options().forEach((k, v) -> out.append(prefix).append(k).append('=').append(v).append('\n'));
        }
        append(out, global);
        sections.forEach((name, options) -> {
            out.append('\n').append('[').append(name).append("]\n");
            append(out, options);
        });
        return out.toString();
    }

    private static void append(StringBuilder out, Map<String, List<String>> options) {
        options.forEach((k, values) -> values.forEach(v -> out.append(k).append('=').append(v).append('\n')));
    }
}
