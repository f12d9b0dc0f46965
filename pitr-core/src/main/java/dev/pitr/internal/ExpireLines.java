package dev.pitr.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backup labels an {@code expire} run names, from every line pgBackRest prints for it: retention
 * ({@code expire full backup set: A, B}, {@code expire diff backup ...}, {@code expire incr ...}), an explicit set
 * ({@code expire adhoc backup set A, B}) and time-based retention ({@code expire time-based backup set ...}), with
 * or without the {@code [DRY-RUN]} and {@code repoN:} prefixes, whichever side of the kind the repository is
 * named on (newer releases print {@code expire full backup set repo1: A, B}).
 */
public final class ExpireLines {
    private static final Pattern EXPIRE = Pattern.compile("expire (?:full|diff|incr|adhoc|time-based) backup\\b(.*)$");
    private static final Pattern LABEL = Pattern.compile("\\b\\d{8}-\\d{6}F(?:_\\d{8}-\\d{6}[DI])?\\b");

    private ExpireLines() {
    }

    /** The labels expired (or, with --dry-run, that would be), in the order printed, each once. */
    public static List<String> expiredLabels(List<String> output) {
        Set<String> labels = new LinkedHashSet<>();
        for (String line : output) {
            Matcher m = EXPIRE.matcher(line);
            if (m.find()) {
                Matcher label = LABEL.matcher(m.group(1));
                while (label.find()) {
                    labels.add(label.group());
                }
            }
        }
        return List.copyOf(labels);
    }
}
