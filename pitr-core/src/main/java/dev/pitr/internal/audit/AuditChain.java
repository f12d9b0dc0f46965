package dev.pitr.internal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hash chain of the audit log (docs/security.md, "Tamper-evident audit log"). Every line pitr writes
 * ends with three members: {@code seq} (1, 2, 3... across rotated files), {@code prevHash} (SHA-256 of the
 * exact bytes of the previous line, without its line feed; {@link #GENESIS} when nothing precedes it) and,
 * last, {@code lineHash} (SHA-256 of the line's own bytes without the {@code ,"lineHash":"..."} member, so an
 * edit of the newest line shows too). The first line of a file that follows a rotation also names the
 * rotated file ({@code prevFile}) and the SHA-256 of its whole content ({@code prevFileHash}).
 *
 * <p>Hashes are taken over bytes as stored, never over re-serialised JSON: nothing depends on how a JSON
 * library orders or escapes fields.
 */
public final class AuditChain {
    /** SHA-256 of nothing: the {@code prevHash} of the first line of a log that has no predecessor. */
    public static final String GENESIS = sha256(new byte[0]);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SEAL = Pattern.compile(",\"lineHash\":\"(sha256:[0-9a-f]{64})\"}$");

    private AuditChain() {
    }

    /** Where a new line links to: its sequence number, the previous line's hash, and after a rotation the file before. */
    public record Link(long seq, String prevHash, Optional<String> prevFile, Optional<String> prevFileHash) {
    }

    /** The chain members of one stored line; {@code sealed} is whether its own {@code lineHash} matches its bytes. */
    public record Chained(long seq, String prevHash, Optional<String> prevFile, Optional<String> prevFileHash,
            boolean sealed) {
    }

    /** {@code sha256:<64 hex digits>} of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Appends {@code ,"lineHash":"..."} to a rendered JSON object (which must end with its closing brace). */
    public static String seal(String json) {
        if (!json.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        String hash = sha256(json.getBytes(StandardCharsets.UTF_8));
        return json.substring(0, json.length() - 1) + ",\"lineHash\":\"" + hash + "\"}";
    }

    /** The chain members of a stored line, or empty when it carries none (a line from before the chain, or foreign). */
    public static Optional<Chained> read(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (n == null || !n.isObject() || !n.path("prevHash").isTextual() || !n.path("seq").canConvertToLong()) {
            return Optional.empty();
        }
        Matcher m = SEAL.matcher(text);
        boolean sealed = m.find() && m.group(1).equals(
                sha256((text.substring(0, m.start()) + "}").getBytes(StandardCharsets.UTF_8)));
        return Optional.of(new Chained(n.get("seq").asLong(), n.get("prevHash").asText(), text(n, "prevFile"),
                text(n, "prevFileHash"), sealed));
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.path(field).isTextual() ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    /** The lines of a file's content, split on line feeds (a final line without one counts too). */
    public static List<byte[]> lines(byte[] content) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(content, start, i));
                start = i + 1;
            }
        }
        if (start < content.length) {
            out.add(java.util.Arrays.copyOfRange(content, start, content.length));
        }
        return out;
    }

    /** The whole content of an open channel. */
    public static byte[] readAll(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("audit log larger than 2 GiB: rotate it");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read until full
        }
        return buffer.array();
    }

    /** The last line of the channel's first {@code size} bytes (without its line feed); empty for an empty file. */
    public static Optional<byte[]> lastLine(FileChannel channel, long size) throws IOException {
        if (size == 0) {
            return Optional.empty();
        }
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, size - 1);
        if (one.get(0) == '\n') {
            end = size - 1;
        }
        long start = end;
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        while (start > 0) {
            long from = Math.max(0, start - chunk.capacity());
            chunk.clear().limit((int) (start - from));
            while (chunk.hasRemaining() && channel.read(chunk, from + chunk.position()) >= 0) {
                // fill the chunk
            }
            int newline = -1;
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline >= 0) {
                start = from + newline + 1;
                break;
            }
            start = from;
        }
        ByteBuffer line = ByteBuffer.allocate((int) (end - start));
        while (line.hasRemaining() && channel.read(line, start + line.position()) >= 0) {
            // read the line
        }
        return Optional.of(line.array());
    }
}
