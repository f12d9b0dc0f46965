package dev.pitr.governance;

import dev.pitr.operation.CommandPlan;
import java.nio.file.Path;
import java.util.List;

/**
 * What a health check would do ({@link dev.pitr.HealthCheck#plan()}), computed without running anything.
 *
 * @param commands        the pgBackRest commands it runs ({@code check} unless turned off, and {@code info})
 * @param preflight       the connection the preflight reads the server settings through; empty when off
 * @param policy          the backup policy the backup-age rules judge against
 * @param thresholds      the rules' thresholds
 * @param reportDirectory where the drill history is read
 */
public record HealthCheckPlan(List<CommandPlan> commands, java.util.Optional<String> preflight, BackupPolicy policy,
        HealthThresholds thresholds, Path reportDirectory) {
    public HealthCheckPlan {
        commands = List.copyOf(commands);
    }

    /** A human-readable dry-run text. */
    public String describe() {
        StringBuilder s = new StringBuilder("health check plan (dry run, nothing was run)\n");
        commands.forEach(c -> s.append("  command:    ").append(c.commandLine()).append('\n'));
        s.append("  preflight:  ").append(preflight.map(p -> "server settings through " + p).orElse("off")).append('\n');
        s.append("  policy:     ").append(policy.describe()).append('\n');
        s.append("  thresholds: ").append(thresholds).append('\n');
        s.append("  drills:     ").append(reportDirectory).append(" (history/pitr-drill-*.json)\n");
        return s.toString();
    }
}
