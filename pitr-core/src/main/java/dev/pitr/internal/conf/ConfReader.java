package dev.pitr.internal.conf;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the options of a pgbackrest.conf (ini: {@code [section]}, {@code key=value}, {@code #} comments),
 * keeping every occurrence in order: some options are given once per value.
 */
public final class ConfReader {
    /** One {@code key=value} line and the section it is in. */
    public record Entry(String section, String key, String value) {
    }

    private ConfReader() {
    }

    public static List<Entry> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Every option in file order. A line that is neither a {@code [section]} nor {@code key=value}, or an
     * option before the first section, is refused (pgBackRest refuses such a file too).
     */
    public static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String section = null;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                // The line itself is not quoted: it may be a secret's line with its '=' lost.
                throw new PitrConfigurationException(Setting.CONFIG_FILE, "line " + (i + 1)
                        + " is neither a [section] nor key=value", "fix or remove the line");
            }
            if (section == null) {
                // Only the key: the value may be a secret (repo1-cipher-pass=...).
                throw new PitrConfigurationException(Setting.CONFIG_FILE, "line " + (i + 1) + ": option '"
                        + line.substring(0, eq).strip() + "' comes before any [section]",
                        "put it under [global] or a [stanza] section");
            }
            entries.add(new Entry(section, line.substring(0, eq).strip(), line.substring(eq + 1).strip()));
        }
        return entries;
    }

    /** The last value of a {@code [global]} (or {@code [global:server]}) option. */
    public static Optional<String> global(List<Entry> entries, String key) {
        Optional<String> value = Optional.empty();
        for (Entry e : entries) {
            if ((e.section().equals("global") || e.section().equals("global:server")) && e.key().equals(key)) {
                value = Optional.of(e.value());
            }
        }
        return value;
    }
}
