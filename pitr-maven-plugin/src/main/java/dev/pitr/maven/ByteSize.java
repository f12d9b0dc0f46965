package dev.pitr.maven;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size as a POM or {@code -D} value: {@code 100GB}, {@code 500MB}, {@code 2TiB}, {@code 1048576} (bytes). */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b)?",
            Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /** Bytes; kB, MB, GB and TB are powers of 1000, KiB, MiB, GiB and TiB powers of 1024 (any case). */
    static long parse(Param param, String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new PluginConfigurationException(param, "'" + text + "' is not a size",
                    "write it like 100GB, 500MB, 2TiB or a number of bytes");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        double factor = switch (unit) {
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "KIB" -> 1024.0;
            case "MIB" -> 1024.0 * 1024;
            case "GIB" -> 1024.0 * 1024 * 1024;
            case "TIB" -> 1024.0 * 1024 * 1024 * 1024;
            default -> 1;
        };
        return Math.round(n * factor);
    }
}
