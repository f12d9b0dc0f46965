package dev.pitr.restore;

import dev.pitr.info.RecoveryWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a restore would do, computed without touching anything ({@link dev.pitr.RestoreRequest#plan()}).
 *
 * @param argv       the exact pgbackrest command line (secrets never are on it; they travel in the environment)
 * @param target     the recovery target
 * @param pgPath     the destination data directory
 * @param backupSet  the backup set pgBackRest will pick (predicted from info), empty when none qualifies
 * @param window     the recovery window from info, empty when the stanza has no backup
 * @param interlocks every safety check with its result
 * @param estimate   the size of the backup set to restore, when one qualifies
 * @param isolation  the settings an isolated restore writes after pgBackRest, when asked for
 * @param warnings   what the restored cluster will do when started that its user should know (e.g. archive
 *                   into production's repository), when not isolated
 */
public record RestorePlan(List<String> argv, RecoveryTarget target, Path pgPath, Optional<String> backupSet,
        Optional<RecoveryWindow> window, List<RestoreInterlock> interlocks, Optional<RestoreEstimate> estimate,
        Optional<IsolatedCluster> isolation, List<String> warnings) {
    public RestorePlan {
        argv = List.copyOf(argv);
        interlocks = List.copyOf(interlocks);
        warnings = List.copyOf(warnings);
    }

    /** A plan without isolation or warnings. */
    public RestorePlan(List<String> argv, RecoveryTarget target, Path pgPath, Optional<String> backupSet,
            Optional<RecoveryWindow> window, List<RestoreInterlock> interlocks, Optional<RestoreEstimate> estimate) {
        this(argv, target, pgPath, backupSet, window, interlocks, estimate, Optional.empty(), List.of());
    }

    /** True when every interlock passed and {@code run()} would start pgBackRest. */
    public boolean allowed() {
        return interlocks.stream().allMatch(RestoreInterlock::passed);
    }

    /** The interlocks that failed. */
    public List<RestoreInterlock> refusals() {
        return interlocks.stream().filter(i -> !i.passed()).toList();
    }

    /** The command line joined with spaces. */
    public String commandLine() {
        return String.join(" ", argv);
    }

    /** A human-readable dry-run text: command, backup set, window and interlocks. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("restore plan (dry run, nothing was touched)\n");
        s.append("  command:    ").append(commandLine()).append('\n');
        s.append("  target:     ").append(target.describe()).append('\n');
        s.append("  pgPath:     ").append(pgPath).append('\n');
        s.append("  backup set: ").append(backupSet.orElse("(none qualifies)")).append('\n');
        s.append("  window:     ").append(window.map(Object::toString).orElse("(no backups)")).append('\n');
        estimate.ifPresent(e -> s.append("  size:       ").append(mib(e.databaseBytes())).append(" to restore, ")
                .append(mib(e.repositoryBytes())).append(" read from the repository\n"));
        for (RestoreInterlock i : interlocks) {
            s.append("  [").append(i.passed() ? "ok" : "REFUSED").append("] ").append(i.name()).append(": ")
                    .append(i.describe()).append('\n');
        }
        isolation.ifPresent(c -> {
            s.append("  isolated:   port ").append(c.port()).append(", socket ").append(c.socketDirectory())
                    .append(", listen_addresses '").append(c.listenAddresses()).append("', archive_mode off\n");
            c.settings().forEach((k, v) -> s.append("    ").append(k).append(" = ").append(v).append('\n'));
        });
        warnings.forEach(w -> s.append("  WARNING: ").append(w).append('\n'));
        return s.toString();
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
