package dev.pitr.internal.restore;

import dev.pitr.config.Setting;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.os.RunAs;
import dev.pitr.restore.RestoreInterlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, before pgBackRest runs, that the user pgBackRest runs as can create or write the destination: the
 * destination itself when it exists, otherwise its nearest existing parent (pgBackRest creates the missing
 * directories). Without this a restore fails late with {@code [047] unable to create path ...: [13] Permission
 * denied} or {@code [041]}. The test runs as that user ({@code test -w -a -x}), so modes, groups and ACLs count
 * exactly as they will for pgBackRest.
 */
final class DestinationAccess {
    static final String NAME = "destination-writable";

    private DestinationAccess() {
    }

    static RestoreInterlock check(Path destination, Optional<String> runAs, CommandRunner runner) {
        Path existing = destination;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return RestoreInterlock.fail(NAME, Setting.RESTORE_PG_PATH, "no parent of " + destination + " exists",
                    "give an absolute path on an existing file system");
        }
        String user = runAs.orElseGet(RunAs::currentUser);
        boolean usable = runAs.filter(u -> !u.equals(RunAs.currentUser())).isPresent()
                ? writableAs(existing, runAs, runner)
                : Files.isDirectory(existing) && Files.isWritable(existing) && Files.isExecutable(existing);
        String what = existing.equals(destination) ? destination + " exists" : destination + " will be created in "
                + existing;
        if (usable) {
            return RestoreInterlock.pass(NAME, what + ", writable by " + user);
        }
        return RestoreInterlock.fail(NAME, Setting.RESTORE_PG_PATH, what + ", which " + user + " (the user pgBackRest "
                + "runs as) cannot write; pgBackRest would fail with [047] unable to create path (or [041])",
                "create the directory for " + user + " first (as root: install -d -o " + user + " -g " + user
                        + " -m 700 " + destination + "), or restore into a directory " + user + " can write");
    }

    private static boolean writableAs(Path dir, Optional<String> runAs, CommandRunner runner) {
        String d = dir.toString();
        CommandSpec spec = new CommandSpec(List.of("test", "-d", d, "-a", "-w", d, "-a", "-x", d), Map.of(), Map.of(),
                Duration.ofSeconds(30), runAs, Path.of("/"), "pitr.restore.access", false);
        try {
            return runner.run(spec).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
