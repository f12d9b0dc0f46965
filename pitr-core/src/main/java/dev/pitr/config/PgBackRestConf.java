package dev.pitr.config;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.ConfParser;
import dev.pitr.internal.conf.ConfReader;
import dev.pitr.internal.conf.ConfRenderer;
import dev.pitr.internal.conf.SecretOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An existing {@code pgbackrest.conf} read into the typed model: its repositories as {@link Repository}
 * objects (so retention, type and encryption can be inspected, e.g. by governance rules), the other
 * {@code [global]} options, and every other section ({@code [stanza]}, {@code [global:archive-push]}...).
 * {@link #render()} writes it back; parsing the rendered text gives an equal model.
 *
 * <p>Secure options found in the file (cipher pass, keys) become {@link Secret}s of their repository; they
 * are not rendered again (pitr passes secrets only through the environment).
 *
 * @param repositories  the {@code repoN-*} options of {@code [global]}, one entry per repository, by number
 * @param globalOptions the other {@code [global]} options, each with its values in file order
 * @param sections      every other section by name, in file order
 */
public record PgBackRestConf(List<Repository> repositories, Map<String, List<String>> globalOptions,
        Map<String, Map<String, List<String>>> sections) {
    public PgBackRestConf {
        repositories = List.copyOf(repositories);
        globalOptions = copy(globalOptions);
        Map<String, Map<String, List<String>>> s = new LinkedHashMap<>();
        sections.forEach((k, v) -> s.put(k, copy(v)));
        sections = java.util.Collections.unmodifiableMap(s);
    }

    /** Parses pgbackrest.conf text. Throws {@link PitrConfigurationException} naming the line when it is malformed. */
    public static PgBackRestConf parse(String text) {
        return of(ConfParser.parse(ConfReader.parse(text)));
    }

    /** Reads and parses a pgbackrest.conf file. */
    public static PgBackRestConf read(Path file) {
        return of(ConfParser.parse(ConfReader.read(file)));
    }

    private static PgBackRestConf of(ConfParser.Parsed p) {
        return new PgBackRestConf(p.repositories(), p.globalOptions(), p.sections());
    }

    /** Repository {@code repoN}, if the file configures it. */
    public Optional<Repository> repository(int number) {
        return repositories.stream().filter(r -> r.number().orElseThrow() == number).findFirst();
    }

    /**
     * The repositories as this stanza sees them: {@code repoN-*} options in its {@code [stanza]} section
     * override {@code [global]} (e.g. a per-stanza {@code repo1-retention-full}), as in pgBackRest.
     */
    public List<Repository> repositories(String stanza) {
        return ConfParser.forStanza(repositories, stanza(stanza));
    }

    /** The last value of a {@code [global]} option (later lines win in pgBackRest). */
    public Optional<String> globalOption(String name) {
        List<String> values = globalOptions.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** The options of one stanza section ({@code [name]}); empty when there is no such section. */
    public Map<String, List<String>> stanza(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    /** The stanza names: sections that are neither {@code global} nor {@code x:command} sections. */
    public List<String> stanzas() {
        return sections.keySet().stream().filter(s -> !s.contains(":")).toList();
    }

    /** This configuration as pgbackrest.conf text (without secrets). */
    public String render() {
        return ConfRenderer.render(repositories, withoutSecrets(globalOptions), withoutSecretSections());
    }

    /** Shows no secret value: secure options anywhere in the file print as {@code ******}. */
    @Override
    public String toString() {
        return "PgBackRestConf[repositories=" + repositories + ", globalOptions=" + masked(globalOptions)
                + ", sections=" + maskedSections() + "]";
    }

    private Map<String, Map<String, List<String>>> withoutSecretSections() {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        sections.forEach((name, options) -> out.put(name, withoutSecrets(options)));
        return out;
    }

    private Map<String, Map<String, List<String>>> maskedSections() {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        sections.forEach((name, options) -> out.put(name, masked(options)));
        return out;
    }

    private static Map<String, List<String>> withoutSecrets(Map<String, List<String>> options) {
        Map<String, List<String>> out = new LinkedHashMap<>(options);
        out.keySet().removeIf(SecretOptions::isSecret);
        return out;
    }

    private static Map<String, List<String>> masked(Map<String, List<String>> options) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, SecretOptions.isSecret(k) ? List.of("******") : v));
        return out;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
