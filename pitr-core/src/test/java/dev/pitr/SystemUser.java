package dev.pitr;

import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.exec.ProcessOutput;
import java.time.Duration;
import java.util.List;

/**
 * A system user for tests that need a second OS user (the "repository host"). Created with useradd when
 * missing, and deleted again only if this instance created it.
 */
public final class SystemUser implements AutoCloseable {
    private final String name;
    private final boolean created;

    private SystemUser(String name, boolean created) {
        this.name = name;
        this.created = created;
    }

    public static SystemUser ensure(String name) {
        if (run("id", "-u", name).exitCode() == 0) {
            return new SystemUser(name, false);
        }
        ProcessOutput out = run("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", name);
        if (out.exitCode() != 0 && run("id", "-u", name).exitCode() != 0) {
            throw new IllegalStateException("useradd " + name + " failed: " + out.result());
        }
        return new SystemUser(name, out.exitCode() == 0);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (created) {
            run("userdel", name);
        }
    }

    private static ProcessOutput run(String... argv) {
        return new CommonsExecRunner().run(CommandSpec.of(List.of(argv), Duration.ofSeconds(30))
                .withLogger("pitr.test.useradd"));
    }
}
