package dev.pitr.governance;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.health.Text;
import dev.pitr.operation.BackupType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When which backup type runs: at most one backup per day of the week, at a local time in a time zone.
 * Immutable; the changing methods return a copy.
 *
 * <pre>{@code
 * BackupPolicy p = BackupPolicy.runbook(ZoneId.of("Africa/Johannesburg"));      // full Sun 01:00, incr Mon-Sat 01:00
 * BackupPolicy q = p.on(BackupType.DIFF, LocalTime.of(2, 30), DayOfWeek.WEDNESDAY); // a differential on Wednesdays
 * }</pre>
 */
public final class BackupPolicy {
    /** The runbook's time for every backup. */
    public static final LocalTime RUNBOOK_TIME = LocalTime.of(1, 0);

    private final ZoneId zone;
    private final Map<DayOfWeek, Slot> slots;

    private record Slot(BackupType type, LocalTime time) {
    }

    private BackupPolicy(ZoneId zone, Map<DayOfWeek, Slot> slots) {
        this.zone = Objects.requireNonNull(zone, "zone");
        EnumMap<DayOfWeek, Slot> copy = new EnumMap<>(DayOfWeek.class);
        copy.putAll(slots);
        this.slots = Collections.unmodifiableMap(copy);
    }

    /** The runbook: full on Sunday at 01:00, incremental Monday to Saturday at 01:00, in {@code zone}. */
    public static BackupPolicy runbook(ZoneId zone) {
        return none(zone).on(BackupType.FULL, RUNBOOK_TIME, DayOfWeek.SUNDAY)
                .on(BackupType.INCR, RUNBOOK_TIME, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
    }

    /** A policy with no backup on any day yet; add days with {@link #on}. */
    public static BackupPolicy none(ZoneId zone) {
        return new BackupPolicy(zone, Map.of());
    }

    /**
     * Reads the text {@link #describe()} writes, e.g. {@code "full SUN 01:00, incr MON-SAT 01:00 (Europe/Berlin)"}
     * (for plugin parameters and properties). Days: {@code SUN}..{@code SAT}, ranges {@code MON-FRI} (wrapping
     * allowed: {@code FRI-MON}) and lists {@code MON,WED}; the zone in parentheses is optional (default UTC).
     */
    public static BackupPolicy parse(String text) {
        String fix = "write it like \"full SUN 01:00, incr MON-SAT 01:00 (UTC)\"";
        if (text == null || text.isBlank()) {
            throw new PitrConfigurationException(Setting.BACKUP_POLICY, "is empty", fix);
        }
        java.util.regex.Matcher z = java.util.regex.Pattern.compile("\\(([^)]+)\\)\\s*$").matcher(text.strip());
        ZoneId zone = ZoneId.of("UTC");
        String body = text.strip();
        if (z.find()) {
            try {
                zone = ZoneId.of(z.group(1).strip());
            } catch (java.time.DateTimeException e) {
                throw new PitrConfigurationException(Setting.BACKUP_POLICY, "unknown time zone '" + z.group(1) + "'",
                        "use a region id such as Europe/Berlin or UTC");
            }
            body = body.substring(0, z.start()).strip();
        }
        java.util.regex.Pattern group = java.util.regex.Pattern.compile(
                "(?i)\\s*(full|diff|incr)\\s+([a-z,\\-]+)\\s+(\\d{1,2}):(\\d{2})\\s*(,|;|$)");
        java.util.regex.Matcher m = group.matcher(body);
        BackupPolicy policy = none(zone);
        int end = 0;
        while (end < body.length()) {
            if (!m.find(end) || m.start() != end) {
                throw new PitrConfigurationException(Setting.BACKUP_POLICY, "cannot read '" + body.substring(end).strip() + "'",
                        fix);
            }
            LocalTime time;
            try {
                time = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            } catch (java.time.DateTimeException e) {
                throw new PitrConfigurationException(Setting.BACKUP_POLICY, "'" + m.group(3) + ":" + m.group(4)
                        + "' is not a time of day", fix);
            }
            policy = policy.on(BackupType.parse(m.group(1)), time, days(m.group(2), fix));
            end = m.end();
        }
        return policy;
    }

    private static DayOfWeek[] days(String spec, String fix) {
        List<DayOfWeek> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] range = part.split("-");
            DayOfWeek from = day(range[0], fix);
            DayOfWeek to = range.length > 1 ? day(range[1], fix) : from;
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                out.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        return out.toArray(DayOfWeek[]::new);
    }

    private static DayOfWeek day(String abbrev, String fix) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(abbrev.strip())) {
                return d;
            }
        }
        throw new PitrConfigurationException(Setting.BACKUP_POLICY, "'" + abbrev + "' is not a day", "use SUN, MON, ... SAT; " + fix);
    }

    /** A copy where these days run a backup of {@code type} at {@code time} (replacing what they had). */
    public BackupPolicy on(BackupType type, LocalTime time, DayOfWeek... days) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        if (days.length == 0) {
            throw new PitrConfigurationException(Setting.BACKUP_POLICY, "no day given for " + type.option(),
                    "name at least one DayOfWeek");
        }
        Map<DayOfWeek, Slot> copy = new EnumMap<>(DayOfWeek.class);
        copy.putAll(slots);
        for (DayOfWeek d : days) {
            copy.put(Objects.requireNonNull(d), new Slot(type, time.truncatedTo(ChronoUnit.MINUTES)));
        }
        return new BackupPolicy(zone, copy);
    }

    /** A copy with no backup on these days. */
    public BackupPolicy without(DayOfWeek... days) {
        Map<DayOfWeek, Slot> copy = new EnumMap<>(DayOfWeek.class);
        copy.putAll(slots);
        for (DayOfWeek d : days) {
            copy.remove(d);
        }
        return new BackupPolicy(zone, copy);
    }

    /** The same days and times in another time zone. */
    public BackupPolicy zone(ZoneId other) {
        return new BackupPolicy(other, slots);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The backup type scheduled on this day, if any. */
    public Optional<BackupType> type(DayOfWeek day) {
        return Optional.ofNullable(slots.get(day)).map(Slot::type);
    }

    /** The local time of this day's backup, if any. */
    public Optional<LocalTime> time(DayOfWeek day) {
        return Optional.ofNullable(slots.get(day)).map(Slot::time);
    }

    /**
     * The type a backup started at {@code when} should have: the one scheduled on that day in the
     * policy's time zone (so a job that starts late, or a DST shift, keeps the day's type). A day without
     * a scheduled backup gives {@link BackupType#INCR}.
     */
    public BackupType typeFor(ZonedDateTime when) {
        return type(when.withZoneSameInstant(zone).getDayOfWeek()).orElse(BackupType.INCR);
    }

    /**
     * The first scheduled backup strictly after {@code after}. A time that does not exist on a DST
     * change day (e.g. 02:30 when clocks jump from 02:00 to 03:00) runs right after the jump (03:30).
     */
    public ScheduledBackup nextRun(ZonedDateTime after) {
        requireAny();
        ZonedDateTime local = after.withZoneSameInstant(zone);
        for (int i = 0; i <= 7; i++) {
            var date = local.toLocalDate().plusDays(i);
            Slot s = slots.get(date.getDayOfWeek());
            if (s != null) {
                ZonedDateTime at = ZonedDateTime.of(date, s.time(), zone);
                if (at.isAfter(after)) {
                    return new ScheduledBackup(at, s.type());
                }
            }
        }
        throw new IllegalStateException("unreachable: a scheduled day recurs within 8 days");
    }

    /**
     * The longest time between two consecutive full backups of the schedule (7 days for one full a week).
     * Throws {@link PitrConfigurationException} when no day runs a full backup.
     */
    public Duration fullInterval() {
        var fullDays = slots.entrySet().stream().filter(e -> e.getValue().type() == BackupType.FULL).toList();
        if (fullDays.isEmpty()) {
            throw new PitrConfigurationException(Setting.BACKUP_POLICY, "no day runs a full backup",
                    "add one, e.g. on(BackupType.FULL, LocalTime.of(1, 0), DayOfWeek.SUNDAY)");
        }
        Duration longest = Duration.ZERO;
        for (int i = 0; i < fullDays.size(); i++) {
            var a = fullDays.get(i);
            var b = fullDays.get((i + 1) % fullDays.size());
            long minutesA = (a.getKey().getValue() - 1) * 1440L + a.getValue().time().toSecondOfDay() / 60;
            long minutesB = (b.getKey().getValue() - 1) * 1440L + b.getValue().time().toSecondOfDay() / 60;
            long gap = Math.floorMod(minutesB - minutesA - 1, 7 * 1440L) + 1;
            if (gap > longest.toMinutes()) {
                longest = Duration.ofMinutes(gap);
            }
        }
        return longest;
    }

    /**
     * What an {@code auto} backup at {@code now} should be: FULL when the stanza's info shows no full
     * backup, or none that stopped within {@link #fullInterval()}; otherwise {@link #typeFor} the day.
     */
    public BackupDecision decide(Instant now, StanzaInfo info) {
        BackupType scheduled = typeFor(now.atZone(zone));
        Optional<BackupInfo> full = info.latestFull();
        if (full.isEmpty()) {
            return new BackupDecision(BackupType.FULL, scheduled, "the repository holds no full backup of stanza '"
                    + info.name() + "'");
        }
        Duration age = Duration.between(full.get().stop(), now);
        if (age.compareTo(fullInterval()) > 0) {
            return new BackupDecision(BackupType.FULL, scheduled, "the newest full backup " + full.get().label()
                    + " is " + Text.human(age) + " old, more than the policy's full interval of "
                    + Text.human(fullInterval()));
        }
        DayOfWeek day = now.atZone(zone).getDayOfWeek();
        String reason = slots.containsKey(day)
                ? scheduled.option() + " is scheduled on " + day + " (" + zone + ")"
                : "no backup is scheduled on " + day + "; an unscheduled backup is incremental";
        return new BackupDecision(scheduled, scheduled, reason);
    }

    /** Days grouped by type and time, e.g. {@code full SUN 01:00, incr MON-SAT 01:00 (UTC)}. */
    public String describe() {
        return ScheduleText.groups(this).stream()
                .map(g -> g.type().option() + " " + ScheduleText.dayRange(g.days()) + " " + g.time())
                .collect(Collectors.joining(", ")) + " (" + zone + ")";
    }

    private void requireAny() {
        if (slots.isEmpty()) {
            throw new PitrConfigurationException(Setting.BACKUP_POLICY, "no day runs a backup",
                    "start from BackupPolicy.runbook(zone) or add days with on(...)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackupPolicy p && p.zone.equals(zone) && p.slots.equals(slots);
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, slots);
    }

    @Override
    public String toString() {
        return "BackupPolicy[" + describe() + "]";
    }
}
