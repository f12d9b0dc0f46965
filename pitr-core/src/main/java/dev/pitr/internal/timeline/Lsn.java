package dev.pitr.internal.timeline;

import java.util.Optional;

/** PostgreSQL write-ahead log positions as printed ({@code 0/3074030}: high and low 32 bits in hex). */
public final class Lsn {
    private Lsn() {
    }

    /** The position of {@code 0/3074030}; empty when the text is no LSN. */
    public static Optional<Long> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("/");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of((Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code 0/3074030}. */
    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
