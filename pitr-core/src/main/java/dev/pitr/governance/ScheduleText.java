package dev.pitr.governance;

import dev.pitr.operation.BackupType;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Groups a policy's days by (type, time) and spells day sets for cron, systemd and people. */
final class ScheduleText {
    /** Days of one type at one time, Sunday first (cron numbering). */
    record Group(BackupType type, LocalTime time, List<DayOfWeek> days) {
    }

    private ScheduleText() {
    }

    static int cronDay(DayOfWeek d) {
        return d.getValue() % 7;
    }

    static List<Group> groups(BackupPolicy policy) {
        List<DayOfWeek> week = new ArrayList<>(List.of(DayOfWeek.values()));
        week.sort(Comparator.comparingInt(ScheduleText::cronDay));
        Map<String, Group> groups = new LinkedHashMap<>();
        for (DayOfWeek d : week) {
            policy.type(d).ifPresent(type -> {
                LocalTime time = policy.time(d).orElseThrow();
                groups.computeIfAbsent(type + "@" + time, k -> new Group(type, time, new ArrayList<>())).days().add(d);
            });
        }
        return List.copyOf(groups.values());
    }

    /** Runs of consecutive days (Sunday first): [[SUN], [MON..SAT]]. */
    private static List<List<DayOfWeek>> runs(List<DayOfWeek> days) {
        List<List<DayOfWeek>> runs = new ArrayList<>();
        for (DayOfWeek d : days) {
            List<DayOfWeek> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && cronDay(last.get(last.size() - 1)) + 1 == cronDay(d)) {
                last.add(d);
            } else {
                List<DayOfWeek> run = new ArrayList<>();
                run.add(d);
                runs.add(run);
            }
        }
        return runs;
    }

    /** {@code 0}, {@code 1-6}, {@code 1,3,5}. */
    static String cronDays(List<DayOfWeek> days) {
        return String.join(",", runs(days).stream().map(r -> r.size() >= 3
                ? cronDay(r.get(0)) + "-" + cronDay(r.get(r.size() - 1))
                : String.join(",", r.stream().map(d -> Integer.toString(cronDay(d))).toList())).toList());
    }

    /** {@code Sun}, {@code Mon..Sat}, {@code Mon,Wed,Fri} (systemd OnCalendar). */
    static String systemdDays(List<DayOfWeek> days) {
        return String.join(",", runs(days).stream().map(r -> r.size() >= 3
                ? abbrev(r.get(0)) + ".." + abbrev(r.get(r.size() - 1))
                : String.join(",", r.stream().map(ScheduleText::abbrev).toList())).toList());
    }

    /** {@code SUN}, {@code MON-SAT}, {@code MON,WED,FRI}. */
    static String dayRange(List<DayOfWeek> days) {
        return systemdDays(days).replace("..", "-").toUpperCase(Locale.ROOT);
    }

    private static String abbrev(DayOfWeek d) {
        String n = d.name();
        return n.charAt(0) + n.substring(1, 3).toLowerCase(Locale.ROOT);
    }
}
