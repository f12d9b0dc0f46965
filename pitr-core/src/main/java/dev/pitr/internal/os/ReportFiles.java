package dev.pitr.internal.os;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The files pitr writes about its work (drill reports and their history, the health JSON, the audit log):
 * private to their owner, mode 0600, or 0640 readable by one group the user chose ({@code reportGroup}).
 * They name stanzas, hosts, paths and business data (row counts, assertion results); nothing else on the
 * host needs to read them. Written to a temporary file next to the target and moved in place, so a reader
 * never sees half a file and a file that existed with a wider mode does not keep it.
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** The mode of a report file: {@code rw-------}, or {@code rw-r-----} with a group. */
    public static Set<PosixFilePermission> mode(Optional<String> group) {
        return PosixFilePermissions.fromString(group.isPresent() ? "rw-r-----" : "rw-------");
    }

    /** Refuses a group that does not exist, before anything is written. */
    public static void requireGroup(String group) {
        if (group.isBlank()) {
            throw new PitrConfigurationException(Setting.REPORT_GROUP, "is empty", "name an OS group, or leave it unset for "
                    + "files private to their owner");
        }
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (IOException e) {
            throw new PitrConfigurationException(Setting.REPORT_GROUP, "there is no OS group '" + group + "'",
                    "create it (groupadd " + group + ") or name an existing group");
        }
    }

    /** Writes {@code content} to {@code file} with the report mode (parents created when missing). */
    public static Path write(Path file, String content, Optional<String> group) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                restrict(temp, group);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Copies a text file (e.g. a server log) as a report file, each line passed through {@code redact}. */
    public static Optional<Path> copy(Path source, Path target, Optional<String> group, UnaryOperator<String> redact) {
        try {
            StringBuilder text = new StringBuilder();
            for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
                text.append(redact.apply(line)).append('\n');
            }
            return Optional.of(write(target, text.toString(), group));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * Gives {@code file} the report mode: the group (and 0640) when one is chosen, else 0600. For files pitr
     * keeps appending to (the audit log) and so cannot replace.
     */
    public static void restrict(Path file, Optional<String> group) throws IOException {
        if (group.isPresent()) {
            GroupPrincipal g = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group.get());
            try {
                Files.getFileAttributeView(file, PosixFileAttributeView.class).setGroup(g);
            } catch (IOException e) {
                throw new IOException("cannot give " + file + " to group " + group.get() + " (the user running pitr must be "
                        + "root or a member of it): " + e.getMessage(), e);
            }
        }
        Files.setPosixFilePermissions(file, mode(group));
    }
}
