package dev.pitr.internal.health;

/** WAL file names ({@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline, log, segment) as segment numbers. */
final class WalNames {
    private WalNames() {
    }

    /** The segment number of a WAL file name, ignoring the timeline; {@code segmentSize} in bytes. */
    static long segment(String walFile, long segmentSize) {
        if (walFile == null || walFile.length() < 24) {
            throw new IllegalArgumentException("not a WAL file name: " + walFile);
        }
        long log = Long.parseLong(walFile.substring(8, 16), 16);
        long seg = Long.parseLong(walFile.substring(16, 24), 16);
        long perLog = 0x100000000L / segmentSize;
        return log * perLog + seg;
    }
}
