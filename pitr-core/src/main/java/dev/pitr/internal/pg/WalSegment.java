package dev.pitr.internal.pg;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One WAL segment file: its timeline and its number on the WAL position axis ({@code TTTTTTTTXXXXXXXXYYYYYYYY}
 * is timeline, then the number split into "log" and "segment" at 4 GiB). The size is the cluster's
 * {@code wal_segment_size}: a name means a position only with it.
 */
public record WalSegment(long timeline, long number, long segmentSize) {
    private static final Pattern NAME = Pattern.compile("[0-9A-F]{24}");
    /** PostgreSQL's default segment size, 16 MiB. */
    public static final long DEFAULT_SIZE = 16L * 1024 * 1024;

    /** True for a WAL segment's file name (not a {@code .history}, {@code .backup} or {@code .partial} file). */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static WalSegment parse(String name, long segmentSize) {
        if (!isName(name)) {
            throw new IllegalArgumentException("not a WAL segment name: " + name);
        }
        long perLog = 0x100000000L / segmentSize;
        long timeline = Long.parseLong(name.substring(0, 8), 16);
        long log = Long.parseLong(name.substring(8, 16), 16);
        long seg = Long.parseLong(name.substring(16, 24), 16);
        return new WalSegment(timeline, log * perLog + seg, segmentSize);
    }

    /**
     * A cluster's wal_segment_size from a backup's start segment and start LSN: the segment holds the LSN, and
     * exactly one power of two from 1 MiB to 1 GiB maps the one onto the other (PostgreSQL's default, 16 MiB,
     * when either is missing).
     */
    public static long sizeOf(Optional<String> startSegment, Optional<String> startLsn) {
        if (startSegment.filter(WalSegment::isName).isEmpty() || startLsn.filter(Lsn::isLsn).isEmpty()) {
            return DEFAULT_SIZE;
        }
        String name = startSegment.get();
        long lsn = Lsn.parse(startLsn.get());
        long timeline = Long.parseLong(name.substring(0, 8), 16);
        for (long size = 1024 * 1024; size <= 1024L * 1024 * 1024; size <<= 1) {
            if (containing(timeline, lsn, size).name().equals(name)) {
                return size;
            }
        }
        return DEFAULT_SIZE;
    }

    /** The segment holding the byte at {@code lsn} on {@code timeline}. */
    public static WalSegment containing(long timeline, long lsn, long segmentSize) {
        return new WalSegment(timeline, Long.divideUnsigned(lsn, segmentSize), segmentSize);
    }

    /** The file name, e.g. {@code 000000010000000000000005}. */
    public String name() {
        long perLog = 0x100000000L / segmentSize;
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, number / perLog, number % perLog);
    }

    /** The first WAL position in the segment. */
    public long startLsn() {
        return number * segmentSize;
    }

    /** The next segment on the same timeline. */
    public WalSegment next() {
        return new WalSegment(timeline, number + 1, segmentSize);
    }

    /** The segment with the same number on another timeline. */
    public WalSegment onTimeline(long otherTimeline) {
        return new WalSegment(otherTimeline, number, segmentSize);
    }

    /** The repository directory the segment's file is stored in ({@code TTTTTTTTXXXXXXXX}). */
    public String archiveDirectory() {
        return name().substring(0, 16);
    }

    @Override
    public String toString() {
        return name();
    }
}
