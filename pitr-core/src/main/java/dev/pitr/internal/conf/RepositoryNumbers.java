package dev.pitr.internal.conf;

import dev.pitr.config.Repository;
import dev.pitr.config.Secret;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How configured repositories become repo1, repo2...: in the order given, unless a repository pins its number.
 * The one place that numbering (and the option names of their secrets) is decided.
 */
public final class RepositoryNumbers {
    private RepositoryNumbers() {
    }

    /** The repositories, each with its number; a number used twice is refused. */
    public static List<Repository> number(List<Repository> repositories) {
        List<Repository> out = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < repositories.size(); i++) {
            Repository r = repositories.get(i);
            int n = r.number().orElse(i + 1);
            if (!used.add(n)) {
                throw new PitrConfigurationException(Setting.REPOSITORY, "repo" + n + " is configured twice",
                        "give each repository its own number");
            }
            out.add(r.number(n));
        }
        return out;
    }

    /** The secrets of numbered repositories by pgBackRest option name ({@code repo2-s3-key}...). */
    public static Map<String, Secret> secrets(List<Repository> numbered) {
        Map<String, Secret> out = new LinkedHashMap<>();
        for (Repository r : numbered) {
            int n = r.number().orElseThrow();
            r.secrets().forEach((k, v) -> out.put("repo" + n + "-" + k, v));
        }
        return out;
    }
}
