package dev.pitr.internal.drill;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clone is a throwaway: it is deleted after its checks, so it needs none of the durability production
 * pays for, and its memory and checkpoint spacing can be sized for one job, replaying WAL. These settings
 * change how fast the clone gets to the target, never which data it shows there: recovery replays the same
 * records (full-page images included, whatever {@code full_page_writes} says: that setting only governs the
 * WAL a server writes) and stops at the same target.
 *
 * <ul>
 * <li>{@code fsync=off}: no flush of the data files at restartpoints and at the end-of-recovery checkpoint, and
 * no sync of the whole data directory before recovery starts;</li>
 * <li>{@code synchronous_commit=off}: after promotion a post-restore command's writes wait for no flush;</li>
 * <li>{@code shared_buffers} the size of the database (bounded by the host's memory budget): replaying random
 * updates with production's or the default 128 MB evicts and re-reads pages, which is most of the time a plain
 * replay takes;</li>
 * <li>{@code max_wal_size} the WAL to replay (bounded by a tenth of the disk left) and {@code checkpoint_timeout}
 * an hour: restartpoints, which write every dirty buffer, come rarely;</li>
 * <li>{@code autovacuum=off}: after promotion the clone's checks compete with no vacuum of the tables the
 * replayed load left dead rows in (vacuum changes no visible row);</li>
 * <li>{@code recovery_prefetch=try} (PostgreSQL 15+): pages the next records touch are read ahead when the
 * restored files are not in the page cache; {@code off} for a scratch directory in memory, where every page is
 * "cached" and the look-ahead is only work (replay of cached files ran about 7 % faster without it, measured).</li>
 * </ul>
 * What each one gains is measured in docs/benchmarks.md.
 */
final class ReplayTuning {
    static final String NAME = "replay speed";
    static final long MB = 1024L * 1024;
    static final long GB = 1024 * MB;
    /** PostgreSQL's default shared_buffers: the drill never asks for less. */
    static final long MIN_SHARED_BUFFERS = 128 * MB;
    /** Headroom over the database size: relations grow while the WAL is replayed. */
    static final double DATABASE_HEADROOM = 1.25;

    /** What the settings are sized from. */
    record Facts(long databaseBytes, long walBytes, long freeBytesAfterRestore, long memoryCap, int postgresMajor,
            boolean inMemory) {
    }

    private ReplayTuning() {
    }

    /** The settings, in the order written. */
    static Map<String, String> settings(Facts facts) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fsync", "off");
        s.put("synchronous_commit", "off");
        if (facts.memoryCap() >= MIN_SHARED_BUFFERS) {
            // Within the quarter of the budget the memory group caps the other values with (it leaves shared_buffers
            // to this); below PostgreSQL's default the memory group caps production's value instead.
            long buffers = Math.max(MIN_SHARED_BUFFERS, Math.min(facts.memoryCap(),
                    (long) (facts.databaseBytes() * DATABASE_HEADROOM)));
            s.put("shared_buffers", "'" + buffers / MB + "MB'");
        }
        long diskShare = facts.freeBytesAfterRestore() > 0 ? facts.freeBytesAfterRestore() / 10 : GB;
        long walSize = Math.max(GB, Math.min(facts.walBytes(), diskShare));
        s.put("max_wal_size", "'" + walSize / MB + "MB'");
        s.put("checkpoint_timeout", "'1h'");
        s.put("autovacuum", "off");
        if (facts.postgresMajor() >= 15) {
            s.put("recovery_prefetch", facts.inMemory() ? "off" : "try");
        }
        return s;
    }

    /**
     * The most shared_buffers the drill asks for: a quarter of the clone's memory budget (by default half the memory
     * this host has available when the drill is planned), the cap the memory group puts on production's value, so
     * a drill host smaller than production still starts it and the memory group need not read it back.
     */
    static long memoryCap(dev.pitr.internal.drill.clone.HostMemory.Budget budget) {
        return budget.bytes() / 4;
    }

    /** Why, for the configuration file's comment and the log. */
    static String why(Facts facts) {
        return "a throwaway clone: durability off, memory and checkpoint spacing sized for replaying "
                + WalPrefetch.mib(facts.walBytes()) + " of WAL into a " + WalPrefetch.mib(facts.databaseBytes())
                + " database";
    }
}
