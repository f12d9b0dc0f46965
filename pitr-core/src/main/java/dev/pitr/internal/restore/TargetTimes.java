package dev.pitr.internal.restore;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.ConfValues;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovery target times: parsing what users type, and formatting what pgBackRest gets. pgBackRest reads a
 * time without a zone as the host's local time, so pitr always sends UTC with an explicit {@code +00} and
 * refuses input without a zone.
 */
public final class TargetTimes {
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final Pattern PGBACKREST = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    private TargetTimes() {
    }

    /** {@code 2026-02-24 10:30:00.000000+00}, truncated to microseconds (PostgreSQL's resolution). */
    public static String format(Instant instant) {
        return OUT.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC)) + "+00";
    }

    /** Parses an ISO-8601 instant/offset date-time or pgBackRest's {@code YYYY-MM-DD HH:MM:SS[.f]+ZZ}. */
    public static Instant parse(String text) {
        String v = text == null ? "" : ConfValues.plainText(Setting.TARGET, text, "the target time").strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notIso) {
            // fall through to pgBackRest's form
        }
        Matcher m = PGBACKREST.matcher(v);
        if (m.matches()) {
            if (m.group(3) == null) {
                throw new PitrConfigurationException(Setting.TARGET, "'" + v + "' has no time zone (pgBackRest would read it "
                        + "as the host's local time)", "add a zone, e.g. '" + v + "+00' or " + m.group(1) + "T"
                                + m.group(2) + "Z");
            }
            String zone = m.group(3);
            if (zone.length() == 3) {
                zone = zone + ":00";
            } else if (zone.length() == 5) {
                zone = zone.substring(0, 3) + ":" + zone.substring(3);
            }
            try {
                return OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + zone).toInstant();
            } catch (DateTimeParseException e) {
                // invalid field values, e.g. month 13
            }
        }
        throw new PitrConfigurationException(Setting.TARGET, "'" + v + "' is not a recovery target",
                "give latest, immediate, an ISO-8601 instant such as 2026-02-24T10:30:00Z, or pgBackRest's "
                        + "'2026-02-24 10:30:00+00'");
    }
}
