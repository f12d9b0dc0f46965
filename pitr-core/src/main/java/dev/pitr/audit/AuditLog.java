package dev.pitr.audit;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.audit.AuditLines;
import dev.pitr.internal.conf.SecretOptions;
import dev.pitr.internal.os.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
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
 * append {@code restore-drill} entries with outcome PASSED/FAILED/INTERRUPTED.
 *
 * <p>Lines never interleave: each entry is written with one {@code write} while holding both an in-JVM
 * lock (threads) and an exclusive {@link FileLock} (other processes, e.g. a cron job and a CI build on
 * the same host), and forced to disk before the lock is released. Secret option values are masked
 * before writing.
 */
public final class AuditLog {
    // FileLock is per process: two channels of the same JVM on one file would throw
    // OverlappingFileLockException, so threads queue on this lock first.
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    private static final Pattern OPTION = Pattern.compile("--([a-z0-9-]+)=(.*)", Pattern.DOTALL);
    private static volatile String host;

    private final Path file;

    private AuditLog(Path file) {
        this.file = file;
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
        return new AuditLog(normalized);
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

    /** Appends one entry as one JSON line, atomically with respect to other threads and processes. */
    public void append(AuditEntry entry) {
        AuditEntry masked = entry.withArgv(entry.argv().stream().map(AuditLog::mask).toList());
        byte[] line = (AuditLines.toJson(masked) + "\n").getBytes(StandardCharsets.UTF_8);
        ReentrantLock lock = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock ignored = channel.lock()) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to audit log " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** Every readable entry, oldest first; lines that are not pitr audit JSON are skipped. */
    public List<AuditEntry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<AuditEntry> out = new ArrayList<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(l -> AuditLines.parse(l).ifPresent(out::add));
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot read audit log " + file,
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
