package dev.pitr.internal.timeline;

import java.util.Optional;

/** WAL file names ({@code TTTTTTTTXXXXXXXXYYYYYYYY}): the timeline they carry and the archive directory they sit in. */
public final class WalFile {
    private WalFile() {
    }

    /** The timeline of a WAL file name (its first 8 hex digits); empty for anything else. */
    public static Optional<Integer> timeline(String walFile) {
        if (walFile == null || walFile.length() < 24) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseUnsignedInt(walFile.substring(0, 8), 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The directory pgBackRest archives the file under: timeline and log number, 16 hex digits. */
    public static String archiveDirectory(String walFile) {
        return walFile.substring(0, 16);
    }

    /** The timeline of a history file name ({@code 00000002.history}); empty for any other name. */
    public static Optional<Integer> historyTimeline(String name) {
        if (name == null || !name.matches("[0-9A-Fa-f]{8}\\.history")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseUnsignedInt(name.substring(0, 8), 16));
    }

    /** The history file name of a timeline, {@code 00000002.history}. */
    public static String historyFile(int timeline) {
        return String.format("%08X.history", timeline);
    }
}
