package dev.pitr.internal.conf;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * pgBackRest's own timeouts ({@code io-timeout}, {@code db-timeout}, {@code protocol-timeout}) as option
 * values in seconds, checked against pgBackRest 2.45's allowed ranges before anything runs.
 */
public final class PgBackRestTimeouts {
    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration DEFAULT_DB = Duration.ofMinutes(30);
    private static final Duration DEFAULT_PROTOCOL = Duration.ofMinutes(31);

    private PgBackRestTimeouts() {
    }

    /** Option name to pgBackRest value ("5", "0.5"), validated. */
    public static Map<String, String> render(Map<String, Duration> timeouts) {
        Map<String, String> out = new LinkedHashMap<>();
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
            out.put(option, seconds(d));
        });
        Duration db = timeouts.getOrDefault("db-timeout", DEFAULT_DB);
        Duration protocol = timeouts.getOrDefault("protocol-timeout", DEFAULT_PROTOCOL);
        if (db.compareTo(protocol) >= 0) {
            throw new PitrConfigurationException(timeouts.containsKey("db-timeout") ? Setting.DB_TIMEOUT : Setting.PROTOCOL_TIMEOUT,
                    "db-timeout (" + db.toSeconds() + " s) must be less than protocol-timeout (" + protocol.toSeconds()
                            + " s)", "lower dbTimeout or raise protocolTimeout");
        }
        return out;
    }

    /** Seconds with up to three decimals, as pgBackRest's time options take them. */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
