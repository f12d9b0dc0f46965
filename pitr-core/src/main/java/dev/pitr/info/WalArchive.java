package dev.pitr.info;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the stanza's WAL archive holds beyond {@code info}: the recovery window as two instants (its latest
 * instant from the repository's time of the newest archived segment), and the timelines with their history (a
 * new timeline starts at every promotion: after a PITR or a failover).
 *
 * @param recoveryWindow the window; empty when the stanza has no backup
 * @param timelines      every timeline with a history file, oldest first (timeline 1 has none)
 * @param problems       what could not be read from the repository (the rest is still reported)
 */
public record WalArchive(Optional<RecoveryWindow> recoveryWindow, List<Timeline> timelines, List<String> problems) {
    public WalArchive {
        timelines = List.copyOf(timelines);
        problems = List.copyOf(problems);
    }

    /**
     * One timeline from its history file.
     *
     * @param id        the timeline number
     * @param parent    the timeline it forked from
     * @param forkLsn   where it forked, e.g. {@code 0/3074030}
     * @param reason    PostgreSQL's reason, e.g. {@code before 2026-12-01 12:27:41.599775+00}
     * @param createdAt when its history file reached the repository (about when it was promoted)
     */
    public record Timeline(int id, Optional<Integer> parent, Optional<String> forkLsn, String reason,
            Optional<Instant> createdAt) {
        /** {@code 2 (from 1 at 0/3074030, created ..., before ...)}. */
        public String describe() {
            return id + parent.map(p -> " (from " + p + forkLsn.map(l -> " at " + l).orElse("")
                    + createdAt.map(c -> ", created " + c).orElse("") + (reason.isEmpty() ? "" : ", " + reason) + ")")
                    .orElse(createdAt.map(c -> " (created " + c + ")").orElse(""));
        }
    }
}
