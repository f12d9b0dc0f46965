package dev.pitr.internal.pg;

import java.util.Locale;
import java.util.regex.Pattern;

/** PostgreSQL WAL locations ({@code 16/B374D848}) as unsigned 64-bit positions and back. */
public final class Lsn {
    private static final Pattern TEXT = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    private Lsn() {
    }

    /** True for text PostgreSQL prints as an LSN. */
    public static boolean isLsn(String text) {
        return text != null && TEXT.matcher(text.strip()).matches();
    }

    /** The position of {@code hi/lo}. */
    public static long parse(String text) {
        if (!isLsn(text)) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        String[] parts = text.strip().split("/");
        return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
    }

    /** {@code hi/lo} as PostgreSQL prints it (upper-case hex, no padding). */
    public static String format(long position) {
        return (Long.toHexString(position >>> 32) + "/" + Long.toHexString(position & 0xFFFFFFFFL))
                .toUpperCase(Locale.ROOT);
    }
}
