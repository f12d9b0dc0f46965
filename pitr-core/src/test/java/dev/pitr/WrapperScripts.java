package dev.pitr;

import dev.pitr.internal.os.RunAs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Site-style pgBackRest wrapper scripts for the fault tests, in a directory the run-as user can read, with
 * a minimal pgbackrest.conf (stanza {@code x}, nothing else needed: info reports the stanza missing). Each
 * script's children sleep for a duration unique to this instance, so the test can find them in /proc and
 * is never fooled by other processes.
 */
public final class WrapperScripts implements AutoCloseable {
    public final Path dir;
    public final Path configFile;
    /** {@code sleep <token>} is what the wrappers' children run. */
    public final String token;

    public WrapperScripts() {
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "pitr-wrappers-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            token = Integer.toString(700 + ThreadLocalRandom.current().nextInt(90_000));
            configFile = write("pgbackrest.conf", "[global]\nrepo1-path=" + dir.resolve("repo") + "\nlog-level-file=off\n"
                    + "lock-path=" + dir.resolve("lock") + "\n\n[x]\npg1-path=" + dir.resolve("pg") + "\n", "rw-r--r--");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** pgbackrest behind a wrapper that first starts a background child holding stdout (a site's logger, say). */
    public Path backgroundChildHoldingStdout() {
        return script("holder", "sleep " + token + " &\nexec pgbackrest \"$@\"\n");
    }

    /** A wrapper that answers {@code version} and then hangs in every other command, with a background child too. */
    public Path hangsAfterVersion() {
        return script("hang", "[ \"$1\" = version ] && exec pgbackrest \"$@\"\nsleep " + token + " &\nsleep " + token
                + "\nexec pgbackrest \"$@\"\n");
    }

    public Path script(String name, String body) {
        return write(name, "#!/bin/sh\n" + body, "rwxr-xr-x");
    }

    /** A configuration through the given wrapper, run as postgres when the tests run as root. */
    public FluentConfiguration configure(Path executable) {
        FluentConfiguration c = PgBackRest.configure().stanza("x").configFile(configFile).executable(executable);
        if (RunAs.isRoot()) {
            c.runAs("postgres");
        }
        return c;
    }

    /** Pids of live processes running {@code sleep <token>}. */
    public List<Long> leftovers() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    return cmd.equals("sleep\0" + token + "\0");
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> Long.valueOf(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to {@code timeout} for every {@code sleep <token>} to be gone; returns what is left. */
    public List<Long> awaitNoLeftovers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> left = leftovers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = leftovers();
        }
        return left;
    }

    private Path write(String name, String text, String mode) {
        try {
            Path f = dir.resolve(name);
            Files.writeString(f, text);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills whatever a failing test left behind (so a hung pump thread of the code under test ends too) and deletes the files. */
    @Override
    public void close() {
        leftovers().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        dev.pitr.internal.os.Ownership.deleteTree(dir);
    }
}
