package dev.pitr.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A second process for {@link AuditLogTest}: appends {@code count} entries tagged {@code tag} to {@code file}. */
public final class AuditLogWriterMain {
    private AuditLogWriterMain() {
    }

    public static void main(String[] args) {
        AuditLog log = AuditLog.open(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            log.append(AuditLogTest.entry(args[2], i));
        }
    }

    static List<String> longArgv(String tag, int i) {
        List<String> argv = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            argv.add("--option-" + k + "=" + tag + "-" + i + "-" + "x".repeat(100));
        }
        return argv;
    }
}
