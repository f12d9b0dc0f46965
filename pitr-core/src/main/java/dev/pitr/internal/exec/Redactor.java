package dev.pitr.internal.exec;

import dev.pitr.config.Secret;
import java.util.Collection;
import java.util.List;

/** Replaces every occurrence of known secret values in a line of text with {@code ******}. */
public final class Redactor {
    private final List<String> values;

    public Redactor(Collection<Secret> secrets) {
        // Longest first, so a secret that contains another is masked whole.
        this.values = secrets.stream().map(Secret::reveal).distinct()
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();
    }

    public String redact(String text) {
        String out = text;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, "******");
            }
        }
        return out;
    }
}
