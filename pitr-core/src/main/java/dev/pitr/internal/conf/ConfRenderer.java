package dev.pitr.internal.conf;

import dev.pitr.Repository;
import java.util.List;
import java.util.Map;

/**
 * Renders pgbackrest.conf from the typed model: a {@code [global]} section with the repositories and
 * global options, then the stanza section. Secrets are never rendered; they travel in the environment.
 */
public final class ConfRenderer {
    private ConfRenderer() {
    }

    public static String render(String stanza, List<Repository> repositories, Map<String, String> global,
            Map<String, String> stanzaSection) {
        return render(stanza, repositories, global, List.of(), stanzaSection);
    }

    /**
     * As above, plus ready-made {@code [global]} lines, for options that are given once per value
     * (e.g. {@code tls-server-auth}, one line per client certificate).
     */
    public static String render(String stanza, List<Repository> repositories, Map<String, String> global,
            List<String> extraGlobalLines, Map<String, String> stanzaSection) {
        StringBuilder out = new StringBuilder();
        out.append("# Rendered by pitr. Secrets are not stored here: pitr passes them as PGBACKREST_* variables.\n");
        out.append("[global]\n");
        for (Repository r : repositories) {
            String prefix = "repo" + r.number().orElseThrow() + "-";
            if (!r.remote()) { // a remote repository's type is the repository host's business
                out.append(prefix).append("type=").append(r.type().option()).append('\n');
            }
            r.path().ifPresent(p -> out.append(prefix).append("path=").append(p).append('\n'));
            r.options().forEach((k, v) -> out.append(prefix).append(k).append('=').append(v).append('\n'));
        }
        global.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        extraGlobalLines.forEach(line -> out.append(line).append('\n'));
        out.append('\n').append('[').append(stanza).append("]\n");
        stanzaSection.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }
}
