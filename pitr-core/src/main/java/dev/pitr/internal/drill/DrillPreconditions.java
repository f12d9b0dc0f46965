package dev.pitr.internal.drill;

import dev.pitr.config.Setting;
import dev.pitr.info.BackupInfo;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.os.RunAs;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything a drill can know before it writes a byte, checked the same way for the run and its dry run: the
 * restore's interlocks (named by the drill's own settings), that the run-as user can reach the drill
 * directory and the JVM can create the scratch directory in it, and that its file system has room for the
 * restored database plus a margin. A refusal here leaves no drill in the history or in governance.
 */
final class DrillPreconditions {
    /** Room beyond the database size: WAL being replayed, the end-of-recovery checkpoint, a new timeline. */
    static final long MARGIN_FLOOR = 64L * 1024 * 1024;
    /** The margin is at least this share of the database size (relations grow while WAL is replayed). */
    static final double MARGIN_SHARE = 0.10;

    private DrillPreconditions() {
    }

    /** {@code reachable}: {@link #directoryReachable} of {@code parent}, run beside the restore's planning. */
    static List<RestoreInterlock> check(RestorePlan restore, Optional<BackupInfo> set, Path parent,
            RestoreInterlock reachable, long walSpool) {
        List<RestoreInterlock> all = new ArrayList<>();
        restore.interlocks().forEach(i -> all.add(asDrill(i)));
        all.add(reachable);
        all.add(diskSpace(parent, set, walSpool));
        return all;
    }

    /** A restore interlock as the drill names it: its destination and set are the drill's settings. */
    static RestoreInterlock asDrill(RestoreInterlock i) {
        if (i.passed()) {
            return i;
        }
        Setting s = i.setting().orElseThrow();
        Setting drill = switch (s) {
            case RESTORE_PG_PATH, RESTORE_DELTA, RESTORE_CONFIRM_IN_PLACE -> Setting.DRILL_DIRECTORY;
            case RESTORE_SET -> Setting.DRILL_SET;
            default -> s;
        };
        return RestoreInterlock.fail(i.name(), drill, i.message(), i.fix().orElseThrow());
    }

    /**
     * The JVM creates the scratch directory (as root it then gives it to the run-as user); PostgreSQL and
     * pgBackRest run as the run-as user and must search every directory above it. One {@code test -x} per
     * ancestor, in one process as that user, names the first one it cannot pass.
     */
    static RestoreInterlock directoryReachable(Path parent, Optional<String> runAs, CommandRunner runner) {
        Path existing = nearestExisting(parent);
        String fix = "give the drill a directory the OS user " + user(runAs) + " can search (chmod o+x, or a "
                + "group it is in, on every directory above it), e.g. /tmp";
        if (!Files.isDirectory(existing)) {
            return RestoreInterlock.fail("drill-directory", Setting.DRILL_DIRECTORY, existing + " is not a directory",
                    fix);
        }
        if (!RunAs.isRoot() && !Files.isWritable(existing)) {
            return RestoreInterlock.fail("drill-directory", Setting.DRILL_DIRECTORY, "this process ("
                    + RunAs.currentUser() + ") cannot create directories in " + existing, "give a directory "
                            + RunAs.currentUser() + " can write, e.g. /tmp");
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "for d do test -x \"$d\" || { printf '%s\\n' \"$d\"; exit 3; }; done", "pitr-drill-directory"));
        List<String> rootFirst = new ArrayList<>();
        for (Path p = existing; p != null; p = p.getParent()) {
            rootFirst.add(0, p.toString());
        }
        argv.addAll(rootFirst);
        ProcessOutput out = runner.run(CommandSpec.of(argv, Duration.ofSeconds(30)).withRunAs(runAs)
                .withLogger("pitr.drill.directory").capturingStdout());
        if (out.exitCode() == 3) {
            String denied = out.stdout().strip();
            return RestoreInterlock.fail("drill-directory", Setting.DRILL_DIRECTORY, "the OS user " + user(runAs)
                    + " cannot reach " + parent + ": no search permission on " + denied, fix);
        }
        if (out.exitCode() != 0) {
            return RestoreInterlock.fail("drill-directory", Setting.DRILL_DIRECTORY, "cannot test whether the OS user "
                    + user(runAs) + " can reach " + parent + " (exit " + out.exitCode() + ": "
                    + String.join(" ", out.result().outputTail()) + ")", fix);
        }
        return RestoreInterlock.pass("drill-directory", "the OS user " + user(runAs) + " can reach " + parent
                + (existing.equals(parent) ? "" : " (created from " + existing + ")"));
    }

    /**
     * The restored size is info's database size of the set, plus the spool WAL may be fetched ahead into; a drill
     * that cannot fit is refused with both numbers.
     */
    static RestoreInterlock diskSpace(Path parent, Optional<BackupInfo> set, long walSpool) {
        if (set.isEmpty()) {
            return RestoreInterlock.pass("disk-space", "no backup set to size (the target-window check says why)");
        }
        long database = set.get().size();
        long margin = Math.max(MARGIN_FLOOR, (long) (database * MARGIN_SHARE));
        long needed = database + margin + walSpool;
        Path existing = nearestExisting(parent);
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return RestoreInterlock.pass("disk-space", "free space of " + existing + " unknown (" + e.getMessage()
                    + "); the drill needs " + bytes(needed));
        }
        String sizes = bytes(needed) + " (database size " + bytes(database) + " of backup set " + set.get().label()
                + " + margin " + bytes(margin) + (walSpool > 0 ? " + WAL fetched ahead " + bytes(walSpool) : "") + ")";
        if (free < needed) {
            return RestoreInterlock.fail("disk-space", Setting.DRILL_DIRECTORY, "the drill needs " + sizes + " in "
                    + parent + ", whose file system has " + bytes(free) + " free", "free at least "
                            + bytes(needed - free) + " there, or point the drill directory at a file system with "
                            + bytes(needed) + " free");
        }
        return RestoreInterlock.pass("disk-space", "the drill needs " + sizes + "; " + bytes(free) + " free in "
                + existing);
    }

    /** The free space of the file system a drill directory is (or will be created) on, when it can be read. */
    static Optional<Long> freeSpace(Path parent) {
        try {
            return Optional.of(Files.getFileStore(nearestExisting(parent)).getUsableSpace());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path nearestExisting(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p.getParent() != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    private static String user(Optional<String> runAs) {
        return runAs.orElse(RunAs.currentUser());
    }

    /** {@code 1.2 GiB (1288490188 bytes)}: readable, and exact for whoever compares with df -B1. */
    static String bytes(long n) {
        String unit;
        double v;
        if (n >= 1L << 30) {
            unit = "GiB";
            v = n / (double) (1L << 30);
        } else {
            unit = "MiB";
            v = n / (double) (1L << 20);
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, unit, n);
    }
}
