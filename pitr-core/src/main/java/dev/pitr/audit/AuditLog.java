package dev.pitr.audit;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.audit.AuditChain;
import dev.pitr.internal.audit.AuditLines;
import dev.pitr.internal.audit.AuditWriter;
import dev.pitr.internal.audit.ChainVerifier;
import dev.pitr.internal.conf.SecretOptions;
import dev.pitr.internal.os.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An append-only audit log: one JSON object per line (see docs/policy-and-governance.md). Every pgBackRest
 * command pitr runs is appended when {@link dev.pitr.FluentConfiguration#auditLog(Path)} is set; restore drills
 * append {@code restore-drill} entries with outcome PASSED/FAILED/INTERRUPTED (SKIPPED: a planned drill whose start window closed).
 *
 * <p>Lines never interleave: each entry is written at the end of the file while holding both an in-JVM
 * lock (threads) and an exclusive {@link FileLock} (other processes, e.g. a cron job and a CI build on
 * the same host), and forced to disk before the lock is released. Secret option values are masked
 * before writing.
 *
 * <p>Tamper-evident: each line carries its sequence number, the SHA-256 of the line before it and its own
 * hash, and the first line after a {@link #rotate() rotation} the SHA-256 of the rotated file;
 * {@link #verify()} names the first line that was changed, removed or inserted (docs/security.md). Logs
 * written before the chain existed are read as before; the chain starts at their first new line.
 */
public final class AuditLog {
    // FileLock is per process: two channels of the same JVM on one file would throw
    // OverlappingFileLockException, so threads queue on this lock first.
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    private static final Pattern OPTION = Pattern.compile("--([a-z0-9-]+)=(.*)", Pattern.DOTALL);
    private static volatile String host;

    private final Path file;
    private final long rotateAt;

    private AuditLog(Path file, long rotateAt) {
        this.file = file;
        this.rotateAt = rotateAt;
    }

    /**
     * The audit log at {@code file} (absolute), created (mode 0600, parents too) when missing. Throws
     * {@link PitrConfigurationException} when it cannot be created or written.
     */
    public static AuditLog open(Path file) {
        return open(file, Optional.empty());
    }

    /**
     * The audit log at {@code file}, created mode 0600, or 0640 readable by {@code reportGroup}. An existing log
     * owned by the user running pitr loses any permission for other users (and gets the group when one is
     * given); a log owned by someone else is left as it is.
     */
    public static AuditLog open(Path file, Optional<String> reportGroup) {
        if (file == null || !file.isAbsolute()) {
            throw new PitrConfigurationException(Setting.AUDIT_LOG, "'" + file + "' is not an absolute path",
                    "give an absolute path, e.g. /var/log/pitr/audit.jsonl");
        }
        Path normalized = file.normalize();
        try {
            if (normalized.getParent() != null) {
                Files.createDirectories(normalized.getParent());
            }
            try {
                Files.createFile(normalized, PosixFilePermissions.asFileAttribute(ReportFiles.mode(reportGroup)));
                ReportFiles.restrict(normalized, reportGroup);
            } catch (FileAlreadyExistsException exists) {
                // Appending to an existing log is the normal case.
                tighten(normalized, reportGroup);
            }
        } catch (IOException e) {
            throw new PitrConfigurationException(Setting.AUDIT_LOG, "cannot create " + normalized + ": " + e.getMessage(),
                    "create the directory and give the user running pitr write access to it");
        }
        if (!Files.isWritable(normalized)) {
            throw new PitrConfigurationException(Setting.AUDIT_LOG, normalized + " is not writable",
                    "give the user running pitr write access to it");
        }
        return new AuditLog(normalized, 0);
    }

    /**
     * The existing audit log at {@code file}, to read and verify only: nothing is created, its mode is left as it is
     * and no write access is needed (an auditor in the report group can verify a 0640 log). Throws
     * {@link PitrConfigurationException} when it is not an absolute path to a readable file.
     */
    public static AuditLog existing(Path file) {
        if (file == null || !file.isAbsolute()) {
            throw new PitrConfigurationException(Setting.AUDIT_LOG, "'" + file + "' is not an absolute path",
                    "give an absolute path, e.g. /var/log/pitr/audit.jsonl");
        }
        Path normalized = file.normalize();
        if (!Files.isRegularFile(normalized) || !Files.isReadable(normalized)) {
            throw new PitrConfigurationException(Setting.AUDIT_LOG, normalized + " is not a readable file",
                    "point it at the audit log the other goals write, readable by this user");
        }
        return new AuditLog(normalized, 0);
    }

    private static void tighten(Path file, Optional<String> reportGroup) throws IOException {
        UserPrincipal me = file.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!Files.getOwner(file).equals(me)) {
            return;
        }
        if (reportGroup.isPresent()) {
            ReportFiles.restrict(file, reportGroup);
            return;
        }
        Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(file));
        if (perms.removeAll(EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE))) {
            Files.setPosixFilePermissions(file, perms);
        }
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /**
     * The same log, rotated by {@link #append} whenever the file has reached {@code bytes} (see {@link #rotate()});
     * 0 never rotates (the default).
     */
    public AuditLog rotateAt(long bytes) {
        if (bytes < 0) {
            throw new PitrConfigurationException(Setting.AUDIT_LOG_ROTATE_AT, bytes + " is negative",
                    "give a size in bytes, e.g. 67108864 (64 MiB), or 0 to never rotate");
        }
        return new AuditLog(file, bytes);
    }

    /**
     * Appends one entry as one JSON line, atomically with respect to other threads and processes. The line
     * carries its sequence number, the hash of the line before it and its own hash (the chain
     * {@link #verify()} checks).
     */
    public void append(AuditEntry entry) {
        AuditEntry masked = entry.withArgv(entry.argv().stream().map(AuditLog::mask).toList());
        exclusively(channel -> {
            if (rotateAt > 0 && channel.size() >= rotateAt) {
                rotate(channel);
            }
            AuditWriter.append(channel, file, masked);
        });
    }

    /**
     * Rotates the log: its content moves to {@code <file name>.<yyyyMMdd'T'HHmmss'Z'>} next to it ({@code -2},
     * {@code -3}... when that name is taken), the log starts over with an {@code audit-rotate} line that records
     * that file's name and SHA-256 and links to its last line, so the chain runs on across files. Returns the
     * rotated file, or empty when the log was empty. The file itself stays in place (copied, then truncated
     * under the lock), so writers waiting for the lock never write into the rotated file.
     */
    public Optional<Path> rotate() {
        Path[] rotated = new Path[1];
        exclusively(channel -> rotated[0] = rotate(channel));
        return Optional.ofNullable(rotated[0]);
    }

    private Path rotate(FileChannel channel) throws IOException {
        if (channel.size() == 0) {
            return null;
        }
        Path rotated = AuditWriter.rotate(channel, file);
        AuditWriter.append(channel, file, AuditEntry.of("audit-rotate", "", AuditOutcome.SUCCESS)
                .withDetail("rotated to " + rotated.getFileName()));
        return rotated;
    }

    /**
     * Checks the hash chain of the log and of the rotated files it links back to: every line must seal (its
     * own hash), link to the line before it, and follow its sequence number. Lines written before the chain
     * existed are read as before and reported as unprotected. Never changes a file.
     */
    public AuditVerification verify() {
        Chain chain = chain();
        return ChainVerifier.verify(chain.files(), chain.missing());
    }

    /** The rotated files this log links back to and the log itself, oldest first (only those still there). */
    public List<Path> files() {
        return chain().files().stream().map(ChainVerifier.LogFile::path).toList();
    }

    /** The files of the chain with their bytes, oldest first, and the rotated file the oldest links to when it is gone. */
    private record Chain(List<ChainVerifier.LogFile> files, Optional<String> missing) {
    }

    private Chain chain() {
        byte[] content = Files.exists(file) ? shared() : new byte[0];
        List<ChainVerifier.LogFile> files = new ArrayList<>(List.of(new ChainVerifier.LogFile(file, content)));
        java.util.Set<Path> seen = new java.util.HashSet<>(List.of(file));
        for (Optional<String> prev = AuditWriter.linkedFile(content); prev.isPresent();
                prev = AuditWriter.linkedFile(content)) {
            Optional<Path> older = AuditWriter.sibling(file, prev.get()).filter(seen::add).filter(Files::isRegularFile);
            if (older.isEmpty()) {
                return new Chain(files, prev);
            }
            content = read(older.get());
            files.add(0, new ChainVerifier.LogFile(older.get(), content));
        }
        return new Chain(files, Optional.empty());
    }

    /** Every readable entry of the rotated files and the log, oldest first (see {@link #files()}). */
    public List<AuditEntry> allEntries() {
        List<AuditEntry> out = new ArrayList<>();
        for (Path f : files()) {
            out.addAll(entries(f));
        }
        return out;
    }

    private interface ChannelAction {
        void run(FileChannel channel) throws IOException;
    }

    private void exclusively(ChannelAction action) {
        ReentrantLock lock = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            action.run(channel);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit log " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** The log's bytes, read under a shared lock so no half-written line is seen. */
    private byte[] shared() {
        ReentrantLock lock = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                FileLock ignored = channel.lock(0, Long.MAX_VALUE, true)) {
            return AuditChain.readAll(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit log " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit log " + f, e);
        }
    }

    /** Every readable entry, oldest first; lines that are not pitr audit JSON are skipped. */
    public List<AuditEntry> entries() {
        return entries(file);
    }

    private static List<AuditEntry> entries(Path f) {
        if (!Files.exists(f)) {
            return List.of();
        }
        List<AuditEntry> out = new ArrayList<>();
        try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
            lines.forEach(l -> AuditLines.parse(l).ifPresent(out::add));
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot read audit log " + f,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        return out;
    }

    /** The newest entry of this operation for this stanza, e.g. the last {@code restore-drill}. */
    public Optional<AuditEntry> latest(String operation, String stanza) {
        return entries().stream().filter(e -> e.operation().equals(operation) && e.stanza().equals(stanza))
                .reduce((a, b) -> b.time().isBefore(a.time()) ? a : b);
    }

    /** An argument {@code --<secure option>=value} becomes {@code --<option>=******} (pgBackRest refuses them on argv anyway). */
    static String mask(String arg) {
        Matcher m = OPTION.matcher(arg);
        if (m.matches() && SecretOptions.isSecret(m.group(1))) {
            return "--" + m.group(1) + "=******";
        }
        return arg;
    }

    static String hostName() {
        String h = host;
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
            }
            host = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "AuditLog[" + file + "]";
    }
}
