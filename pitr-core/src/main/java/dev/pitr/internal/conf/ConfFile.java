package dev.pitr.internal.conf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an existing pgbackrest.conf the way pgBackRest resolves a stanza's options: the stanza section
 * wins over {@code [global]}. Command sections ({@code [global:backup]}) and include paths are not
 * read; they rarely hold retention or cipher settings.
 */
public final class ConfFile {
    private static final Pattern REPO_KEY = Pattern.compile("^repo(\\d+)-.*");

    private final Map<String, Map<String, String>> sections;

    private ConfFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    public static ConfFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static ConfFile parse(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (ConfReader.Entry e : ConfReader.parse(text)) {
            sections.computeIfAbsent(e.section(), k -> new LinkedHashMap<>()).put(e.key(), e.value());
        }
        return new ConfFile(sections);
    }

    /** The value of {@code key} for {@code stanza}: the stanza section, else [global]. */
    public Optional<String> get(String stanza, String key) {
        String v = sections.getOrDefault(stanza, Map.of()).get(key);
        if (v == null) {
            v = sections.getOrDefault("global", Map.of()).get(key);
        }
        return Optional.ofNullable(v);
    }

    /** Repository numbers that have any option for this stanza; {1} when none does (pgBackRest's default repo1). */
    public TreeSet<Integer> repositories(String stanza) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String section : new String[] {"global", stanza}) {
            for (String key : sections.getOrDefault(section, Map.of()).keySet()) {
                Matcher m = REPO_KEY.matcher(key);
                if (m.matches()) {
                    out.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(1);
        }
        return out;
    }
}
