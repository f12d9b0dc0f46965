package dev.pitr.internal.pg;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a growing server log: each call returns the complete lines appended since the last one. A watcher that
 * polls every few milliseconds reads each byte of a long recovery's log once, not the whole file every time.
 */
public final class LogFollower {
    private final Path file;
    private long position;
    private byte[] partial = new byte[0];

    public LogFollower(Path file) {
        this.file = file;
    }

    /** The complete lines written since the last call (none when the file does not exist yet). */
    public List<String> newLines() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        byte[] chunk;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < position) {
                position = 0; // truncated or replaced: start over
                partial = new byte[0];
            }
            chunk = new byte[(int) Math.min(Integer.MAX_VALUE - 16, length - position)];
            in.seek(position);
            in.readFully(chunk);
            position += chunk.length;
        } catch (IOException e) {
            return List.of();
        }
        byte[] all = new byte[partial.length + chunk.length];
        System.arraycopy(partial, 0, all, 0, partial.length);
        System.arraycopy(chunk, 0, all, partial.length, chunk.length);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(new String(all, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        partial = java.util.Arrays.copyOfRange(all, start, all.length);
        return lines;
    }
}
