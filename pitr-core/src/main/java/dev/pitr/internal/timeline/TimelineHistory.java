package dev.pitr.internal.timeline;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The timelines the archive knows, from its history files: for each timeline that has one, its ancestry
 * (every switch that led to it, oldest first) and when the file reached the repository (when the timeline was
 * created: a promotion after a PITR or a failover). Timeline 1, or the oldest timeline of a stanza, has no
 * history file.
 *
 * <p>Recovery follows PostgreSQL's rules: a backup taken on timeline B can recover along timeline X when B is X,
 * or when X's history passes through B and left it no earlier than the backup's stop LSN (otherwise PostgreSQL
 * stops with {@code requested timeline X is not a child of this server's history}, and pgBackRest 2.55+ with
 * {@code target timeline X forked from backup timeline B at ... which is before backup lsn ...}).
 */
public final class TimelineHistory {
    private static final TimelineHistory NONE = new TimelineHistory(Map.of(), Map.of());

    private final Map<Integer, List<TimelineSwitch>> ancestry;
    private final Map<Integer, Instant> createdAt;

    public TimelineHistory(Map<Integer, List<TimelineSwitch>> ancestry, Map<Integer, Instant> createdAt) {
        TreeMap<Integer, List<TimelineSwitch>> a = new TreeMap<>();
        ancestry.forEach((k, v) -> a.put(k, List.copyOf(v)));
        this.ancestry = Collections.unmodifiableMap(a);
        this.createdAt = Collections.unmodifiableMap(new TreeMap<>(createdAt));
    }

    /** No history file in the archive: one timeline only. */
    public static TimelineHistory none() {
        return NONE;
    }

    /** True when the archive has no history file (every backup and WAL file is on one timeline). */
    public boolean isEmpty() {
        return ancestry.isEmpty() && createdAt.isEmpty();
    }

    /** Every timeline with a history file, ascending. */
    public List<Integer> timelines() {
        TreeSet<Integer> all = new TreeSet<>(ancestry.keySet());
        all.addAll(createdAt.keySet());
        return List.copyOf(all);
    }

    /** The newest timeline: the highest with a history file, or {@code floor} when that is higher. */
    public int newest(int floor) {
        return timelines().stream().mapToInt(Integer::intValue).filter(t -> t > floor).max().orElse(floor);
    }

    /** The switches that led to the timeline, oldest first; empty when its history file is unknown. */
    public List<TimelineSwitch> ancestry(int timeline) {
        return ancestry.getOrDefault(timeline, List.of());
    }

    /** True when the history file of this timeline was read. */
    public boolean knows(int timeline) {
        return ancestry.containsKey(timeline);
    }

    /** When the timeline's history file reached the repository (about when it was promoted). */
    public Optional<Instant> createdAt(int timeline) {
        return Optional.ofNullable(createdAt.get(timeline));
    }

    /** The switch in {@code target}'s history where the chain left {@code from}; empty when it never passed through it. */
    public Optional<TimelineSwitch> departure(int from, int target) {
        return ancestry(target).stream().filter(s -> s.parent() == from).reduce((a, b) -> b);
    }

    /** The timeline {@code target} directly forked from (the last switch of its history). */
    public Optional<TimelineSwitch> fork(int target) {
        List<TimelineSwitch> a = ancestry(target);
        return a.isEmpty() ? Optional.empty() : Optional.of(a.get(a.size() - 1));
    }

    /** Why a backup on {@code backupTimeline} that stopped at {@code stopLsn} can or cannot recover along {@code target}. */
    public Reach reach(int backupTimeline, long stopLsn, int target) {
        if (backupTimeline == target) {
            return new Reach(true, "taken on timeline " + target);
        }
        if (backupTimeline > target) {
            return new Reach(false, "taken on timeline " + backupTimeline + ", newer than " + target);
        }
        if (!knows(target)) {
            return new Reach(false, "the history file of timeline " + target + " (" + WalFile.historyFile(target)
                    + ") could not be read");
        }
        Optional<TimelineSwitch> left = departure(backupTimeline, target);
        if (left.isEmpty()) {
            return new Reach(false, "timeline " + backupTimeline + " is not in the history of timeline " + target);
        }
        if (stopLsn > left.get().forkLsn()) {
            return new Reach(false, "stopped at " + Lsn.format(stopLsn) + ", after timeline " + target + " left timeline "
                    + backupTimeline + " at " + Lsn.format(left.get().forkLsn()));
        }
        return new Reach(true, "stopped at " + Lsn.format(stopLsn) + ", before timeline " + target + " left timeline "
                + backupTimeline + " at " + Lsn.format(left.get().forkLsn()));
    }

    /**
     * The timeline production was writing at an instant: the one whose history file reached the repository last
     * at or before it; {@code oldest} (the timeline without a history file) before any promotion.
     */
    public int timelineAt(Instant instant, int oldest) {
        int current = oldest;
        Instant since = Instant.MIN;
        for (Map.Entry<Integer, Instant> e : createdAt.entrySet()) {
            if (!e.getValue().isAfter(instant) && !e.getValue().isBefore(since)) {
                current = e.getKey();
                since = e.getValue();
            }
        }
        return current;
    }

    /** Whether a backup reaches a timeline, and why (for plans and refusals). */
    public record Reach(boolean reaches, String why) {
    }
}
