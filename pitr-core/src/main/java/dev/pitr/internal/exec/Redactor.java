package dev.pitr.internal.exec;

import dev.pitr.config.Secret;
import java.util.Collection;
import java.util.List;

/** Replaces every occurrence of known secret values in a line of text with {@code ******}. */
public final class Redactor {
    private final List<String> values;

    @SafeVarargs
    public Redactor(Collection<Secret>... secrets) {
        // Longest first, so a secret that contains another is masked whole.
        this.values = java.util.Arrays.stream(secrets).flatMap(Collection::stream).map(Secret::reveal).distinct()
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();
    }

    /** Null stays null; everything else is redacted. */
    public String redactNullable(String text) {
        return text == null ? null : redact(text);
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
