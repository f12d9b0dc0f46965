package dev.pitr.internal.conf;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pgbackrest.conf a loaded configuration uses, read once at {@code load()} (the rendered text, or the
 * existing file when this JVM can read it). Every later question about the file (a stanza's pg1-path, the
 * repositories' retention and cipher, the TLS server's options, the client certificate) is answered from
 * here, the way pgBackRest resolves options: the stanza section wins over {@code [global]}. Command
 * sections ({@code [global:backup]}) and include paths are not resolved for stanzas.
 */
public final class ConfFile {
    private static final Pattern REPO_KEY = Pattern.compile("^repo(\\d+)-.*");
    private static final ConfFile EMPTY = new ConfFile(List.of(), false);

    private final List<ConfReader.Entry> entries;
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    private final boolean read;

    private ConfFile(List<ConfReader.Entry> entries, boolean read) {
        this.entries = List.copyOf(entries);
        this.read = read;
        for (ConfReader.Entry e : entries) {
            sections.computeIfAbsent(e.section(), k -> new LinkedHashMap<>()).put(e.key(), e.value());
        }
    }

    public static ConfFile read(Path file) {
        return new ConfFile(ConfReader.read(file), true);
    }

    public static ConfFile parse(String text) {
        return new ConfFile(ConfReader.parse(text), true);
    }

    /** A file pitr could not read: every question answers "not set". */
    public static ConfFile unread() {
        return EMPTY;
    }

    /** False when the file could not be read at load() (pgBackRest, running as another user, still can). */
    public boolean wasRead() {
        return read;
    }

    /** Every option in file order, each occurrence kept (some options are given once per value). */
    public List<ConfReader.Entry> entries() {
        return entries;
    }

    /** The value of {@code key} for {@code stanza}: the stanza section, else [global]. */
    public Optional<String> get(String stanza, String key) {
        String v = sections.getOrDefault(stanza, Map.of()).get(key);
        if (v == null) {
            v = sections.getOrDefault("global", Map.of()).get(key);
        }
        return Optional.ofNullable(v);
    }

    /** The last value of a {@code [global]} (or {@code [global:server]}) option. */
    public Optional<String> global(String key) {
        return ConfReader.global(entries, key);
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
