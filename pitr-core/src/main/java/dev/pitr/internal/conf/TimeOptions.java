package dev.pitr.internal.conf;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Spells pgBackRest's time options ({@code io-timeout}, {@code db-timeout}, {@code protocol-timeout},
 * {@code archive-timeout}) so that the running release reads them as meant. 2.53 changed them: it takes unit
 * suffixes ({@code 500ms}) and refuses decimals ({@code [032] '0.5' is not valid}), while 2.45 takes decimals
 * and silently reads {@code 500ms} as 500 seconds. Whole seconds are read alike by every release, so they are
 * used whenever the duration allows; otherwise {@code Nms} on 2.53+ and decimal seconds before.
 */
public final class TimeOptions {
    /** pgBackRest's options of type time. */
    public static final Set<String> NAMES = Set.of("io-timeout", "db-timeout", "protocol-timeout", "archive-timeout");
    private static final Pattern DECIMAL = Pattern.compile("\\d*\\.\\d+");
    private static final Pattern SUFFIXED = Pattern.compile("\\d+\\s*(ms|s|m|h|d|w)");

    private TimeOptions() {
    }

    /** The value of a time option for this release: "5", "1500ms" (2.53+) or "1.5" (before 2.53). */
    public static String render(Duration d, PgBackRestVersion version) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return Long.toString(ms / 1000);
        }
        if (version.atLeast(PgBackRestVersion.TIME_UNITS)) {
            return ms + "ms";
        }
        return BigDecimal.valueOf(ms).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /**
     * Refuses a time option given as literal text ({@code globalOption("io-timeout", "1.5")}) that this release
     * would reject (a decimal on 2.53+) or misread (a unit suffix before 2.53).
     */
    public static void checkLiterals(Setting setting, Map<String, String> options, PgBackRestVersion version) {
        options.forEach((name, value) -> problem(name, value, version).ifPresent(p -> {
            throw new PitrConfigurationException(setting, name, p, version.atLeast(
                    PgBackRestVersion.TIME_UNITS) ? "give whole seconds or milliseconds such as 1500ms, or use the typed "
                            + "setter (ioTimeout, dbTimeout, protocolTimeout)" : "give seconds, e.g. 0.5, or use the typed "
                                    + "setter (ioTimeout, dbTimeout, protocolTimeout)");
        }));
    }

    /** What is wrong with a time option's text for this release, if anything. */
    public static Optional<String> problem(String name, String value, PgBackRestVersion version) {
        if (!NAMES.contains(name) || value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (version.atLeast(PgBackRestVersion.TIME_UNITS)) {
            return DECIMAL.matcher(v).matches() ? Optional.of("'" + v + "' has a decimal point, which pgBackRest " + version
                    + " refuses for time options (since 2.53)") : Optional.empty();
        }
        return SUFFIXED.matcher(v).matches() ? Optional.of("'" + v + "' has a unit, which pgBackRest " + version
                + " does not know (it reads '500ms' as 500 seconds; units exist since 2.53)") : Optional.empty();
    }
}
