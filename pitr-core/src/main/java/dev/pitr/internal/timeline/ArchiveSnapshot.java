package dev.pitr.internal.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the repository's WAL archive tells beyond {@code info}: the timeline history (history files and
 * when they arrived) and when the newest archived segment was written there. Read once per plan or check,
 * like the info snapshot it complements.
 *
 * @param history            the timelines and their ancestry
 * @param newestSegment      the newest archived WAL segment info names, if any
 * @param newestSegmentTime  its modification time in the repository
 * @param problems           what could not be read (the rest is still used)
 */
public record ArchiveSnapshot(TimelineHistory history, Optional<String> newestSegment,
        Optional<Instant> newestSegmentTime, List<String> problems) {
    public ArchiveSnapshot {
        problems = List.copyOf(problems);
    }

    /** Nothing read: one timeline, no archive times (plans made from info alone). */
    public static ArchiveSnapshot none() {
        return new ArchiveSnapshot(TimelineHistory.none(), Optional.empty(), Optional.empty(), List.of());
    }
}
