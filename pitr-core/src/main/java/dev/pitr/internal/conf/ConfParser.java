package dev.pitr.internal.conf;

import dev.pitr.config.Repository;
import dev.pitr.config.RepositoryType;
import dev.pitr.config.Secret;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads pgbackrest.conf (pgBackRest's ini format: {@code [section]} headers, {@code key=value} lines,
 * {@code #} comments) into the parts of {@code PgBackRestConf}. Repository options of {@code [global]} become typed
 * {@link Repository} objects; everything else is kept as written.
 */
public final class ConfParser {
    private static final Pattern REPO_OPTION = Pattern.compile("^repo(\\d+)-(.+)$");

    private ConfParser() {
    }

    /** A parsed file: its repositories by number, the other [global] options, every other section. */
    public record Parsed(List<Repository> repositories, Map<String, List<String>> globalOptions,
            Map<String, Map<String, List<String>>> sections) {
    }

    public static Parsed parse(List<ConfReader.Entry> entries) {
        Map<String, List<String>> global = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<Integer, Map<String, String>> repos = new TreeMap<>();
        for (ConfReader.Entry e : entries) {
            String section = e.section();
            if (!"global".equals(section)) {
                sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
            }
            Matcher r = REPO_OPTION.matcher(e.key());
            if ("global".equals(section) && r.matches()) {
                repos.computeIfAbsent(Integer.parseInt(r.group(1)), n -> new LinkedHashMap<>()).put(r.group(2), e.value());
            } else if ("global".equals(section)) {
                global.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.value());
            } else {
                sections.get(section).computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.value());
            }
        }
        List<Repository> repositories = new ArrayList<>();
        repos.forEach((n, options) -> repositories.add(repository(n, options)));
        return new Parsed(repositories, global, sections);
    }

    /**
     * The repositories as one stanza sees them: {@code repoN-*} options of its section override those of
     * {@code [global]} (pgBackRest's precedence), and may add a repository.
     */
    public static List<Repository> forStanza(List<Repository> global, Map<String, List<String>> section) {
        Map<Integer, Map<String, String>> repos = new TreeMap<>();
        Map<Integer, Map<String, dev.pitr.config.Secret>> secrets = new TreeMap<>();
        for (Repository r : global) {
            int n = r.number().orElseThrow();
            Map<String, String> o = repos.computeIfAbsent(n, k -> new LinkedHashMap<>());
            o.put("type", r.type().option());
            r.path().ifPresent(p -> o.put("path", p));
            o.putAll(r.options());
            secrets.put(n, r.secrets());
        }
        section.forEach((key, values) -> {
            Matcher m = REPO_OPTION.matcher(key);
            if (m.matches() && !values.isEmpty()) {
                repos.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>())
                        .put(m.group(2), values.get(values.size() - 1));
            }
        });
        List<Repository> out = new ArrayList<>();
        repos.forEach((n, options) -> {
            Repository r = repository(n, options);
            for (Map.Entry<String, dev.pitr.config.Secret> e : secrets.getOrDefault(n, Map.of()).entrySet()) {
                if (!r.secrets().containsKey(e.getKey())) {
                    r = r.secret(e.getKey(), e.getValue());
                }
            }
            out.add(r);
        });
        return out;
    }

    private static Repository repository(int n, Map<String, String> options) {
        String typeName = options.getOrDefault("type", "posix");
        RepositoryType type;
        try {
            type = RepositoryType.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PitrConfigurationException(Setting.CONFIG_FILE, "repo" + n + "-type", "'" + typeName + "' is not a repository type of "
                    + "pgBackRest 2.45", "use posix, cifs, s3, gcs or azure");
        }
        Repository repo = Repository.of(type).number(n);
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            if ("type".equals(key)) {
                continue;
            }
            if ("path".equals(key)) {
                repo = repo.path(e.getValue());
            } else if (SecretOptions.isSecret("repo" + n + "-" + key)) {
                repo = repo.secret(key, Secret.of(e.getValue()));
            } else {
                repo = repo.option(key, e.getValue());
            }
        }
        return repo;
    }
}
