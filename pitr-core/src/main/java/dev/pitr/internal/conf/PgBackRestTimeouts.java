package dev.pitr.internal.conf;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * pgBackRest's own timeouts ({@code io-timeout}, {@code db-timeout}, {@code protocol-timeout}): checked against
 * pgBackRest's allowed ranges before anything runs, then spelled for the release found at load
 * ({@link TimeOptions#render}).
 */
public final class PgBackRestTimeouts {
    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration DEFAULT_DB = Duration.ofMinutes(30);
    private static final Duration DEFAULT_PROTOCOL = Duration.ofMinutes(31);

    private PgBackRestTimeouts() {
    }

    /** Refuses a timeout outside pgBackRest's range, or a db-timeout not below protocol-timeout. */
    public static void validate(Map<String, Duration> timeouts) {
        timeouts.forEach((option, d) -> {
            Setting setting = switch (option) {
                case "io-timeout" -> Setting.IO_TIMEOUT;
                case "db-timeout" -> Setting.DB_TIMEOUT;
                default -> Setting.PROTOCOL_TIMEOUT;
            };
            Duration max = "io-timeout".equals(option) ? Duration.ofHours(1) : Duration.ofDays(7);
            if (d == null || d.compareTo(MIN) < 0 || d.compareTo(max) > 0) {
                throw new PitrConfigurationException(setting, d + " is outside pgBackRest's range for " + option,
                        "give a duration from 0.1 s to " + max.toSeconds() + " s");
            }
        });
        Duration db = timeouts.getOrDefault("db-timeout", DEFAULT_DB);
        Duration protocol = timeouts.getOrDefault("protocol-timeout", DEFAULT_PROTOCOL);
        if (db.compareTo(protocol) >= 0) {
            throw new PitrConfigurationException(timeouts.containsKey("db-timeout") ? Setting.DB_TIMEOUT
                    : Setting.PROTOCOL_TIMEOUT,
                    "db-timeout (" + db.toSeconds() + " s) must be less than protocol-timeout (" + protocol.toSeconds()
                            + " s)", "lower dbTimeout or raise protocolTimeout");
        }
    }

    /** Option name to the value this release reads as meant ("5", "1500ms" on 2.53+, "1.5" before), validated. */
    public static Map<String, String> render(Map<String, Duration> timeouts, PgBackRestVersion version) {
        validate(timeouts);
        Map<String, String> out = new LinkedHashMap<>();
        timeouts.forEach((option, d) -> out.put(option, TimeOptions.render(d, version)));
        return out;
    }
}
