package dev.pitr.internal.audit;

import dev.pitr.audit.AuditEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes chained lines and rotates, on a channel the caller holds the exclusive lock of ({@code AuditLog}).
 * A rotated file is named {@code <log file name>.<yyyyMMdd'T'HHmmss'Z'>}, with {@code -2}, {@code -3}... when
 * two rotations fall in one second.
 */
public final class AuditWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditWriter() {
    }

    /** Appends the entry as one chained line at the end of the channel's file. */
    public static void append(FileChannel channel, Path file, AuditEntry entry) throws IOException {
        long size = channel.size();
        Optional<byte[]> last = AuditChain.lastLine(channel, size);
        AuditChain.Link link;
        boolean unterminated = false;
        if (last.isPresent()) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, size - 1);
            unterminated = one.get(0) != '\n';
            long seq = AuditChain.read(last.get()).map(AuditChain.Chained::seq).orElseGet(() -> highestSeq(channel)) + 1;
            link = new AuditChain.Link(seq, AuditChain.sha256(last.get()), Optional.empty(), Optional.empty());
        } else {
            link = linkToRotated(file).orElse(new AuditChain.Link(1, AuditChain.GENESIS, Optional.empty(),
                    Optional.empty()));
        }
        // A last line without its line feed (a crash, or a foreign writer) is ended first; the chain links to it as it is.
        String text = (unterminated ? "\n" : "") + AuditLines.toChainedJson(entry, link) + "\n";
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long position = size;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /**
     * Copies the log's content to a new rotated file (written in full and synced before it appears under its
     * name, with the log's permissions) and empties the log. Returns the rotated file.
     */
    public static Path rotate(FileChannel channel, Path file) throws IOException {
        byte[] content = AuditChain.readAll(channel);
        Path dir = file.toAbsolutePath().getParent();
        String base = file.getFileName() + "." + STAMP.format(Instant.now());
        Path rotated = dir.resolve(base);
        for (int i = 2; Files.exists(rotated); i++) {
            rotated = dir.resolve(base + "-" + i);
        }
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".rotating");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                // The log's mode and group (a report group may read it): the rotated lines are as private as it.
                PosixFileAttributes log = Files.readAttributes(file, PosixFileAttributes.class);
                Files.setPosixFilePermissions(temp, log.permissions());
                Files.getFileAttributeView(temp, PosixFileAttributeView.class).setGroup(log.group());
            } catch (UnsupportedOperationException notPosix) {
                // nothing to copy
            }
            Files.move(temp, rotated, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        channel.truncate(0);
        channel.force(true);
        return rotated;
    }

    /** The rotated file the first chained line of this content links to ({@code prevFile}), if any. */
    public static Optional<String> linkedFile(byte[] content) {
        for (byte[] line : AuditChain.lines(content)) {
            Optional<AuditChain.Chained> c = AuditChain.read(line);
            if (c.isPresent()) {
                return c.get().prevFile();
            }
        }
        return Optional.empty();
    }

    /** The file a {@code prevFile} value names next to the log; empty unless it is a rotated name of this log. */
    public static Optional<Path> sibling(Path file, String name) {
        return rotatedName(file, name).isPresent() ? Optional.of(file.resolveSibling(name)) : Optional.empty();
    }

    private static Optional<Matcher> rotatedName(Path file, String name) {
        Matcher m = Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.(\\d{8}T\\d{6}Z)(?:-(\\d+))?")
                .matcher(name);
        return m.matches() ? Optional.of(m) : Optional.empty();
    }

    /** A fresh (or emptied) log continues the chain of the newest rotated file next to it, if there is one. */
    private static Optional<AuditChain.Link> linkToRotated(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Optional<Path> newest;
        try (Stream<Path> s = Files.list(dir)) {
            newest = s.filter(p -> rotatedName(file, p.getFileName().toString()).isPresent())
                    .max(Comparator.comparing((Path p) -> rotatedName(file, p.getFileName().toString()).get().group(1))
                            .thenComparing(p -> Optional.ofNullable(rotatedName(file, p.getFileName().toString()).get()
                                    .group(2)).map(Integer::parseInt).orElse(1)));
        }
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        byte[] content = Files.readAllBytes(newest.get());
        List<byte[]> lines = AuditChain.lines(content);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        byte[] last = lines.get(lines.size() - 1);
        long seq = AuditChain.read(last).map(AuditChain.Chained::seq).orElse(0L) + 1;
        return Optional.of(new AuditChain.Link(seq, AuditChain.sha256(last),
                Optional.of(newest.get().getFileName().toString()), Optional.of(AuditChain.sha256(content))));
    }

    /** The highest {@code seq} in the file (0 when no line has one): the last line is one from before the chain. */
    private static long highestSeq(FileChannel channel) {
        try {
            long max = 0;
            for (byte[] line : AuditChain.lines(AuditChain.readAll(channel))) {
                max = Math.max(max, AuditChain.read(line).map(AuditChain.Chained::seq).orElse(0L));
            }
            return max;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
