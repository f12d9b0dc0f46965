package dev.pitr.drill;

import dev.pitr.restore.RestorePlan;
import java.nio.file.Path;
import java.util.List;

/**
 * What a restore drill would do, computed without touching anything ({@link dev.pitr.RestoreDrillRequest#plan()}):
 * the restore into its scratch directory (argv, backup set, estimate, interlocks), where the drill cluster
 * would live, and the checks it would run.
 *
 * @param restore          the plan of the drill's restore, from one {@code info} snapshot
 * @param scratchDirectory the scratch directory (data directory, socket, server log); created by the run
 * @param port             the port naming the drill cluster's socket (no TCP listener)
 * @param databaseUser     the role the checks connect as
 * @param checks           the names of the checks the drill runs, in order ({@code review}, {@code restore},
 *                         {@code recovery}, {@code rowCount:...}, {@code sql:...}, ...)
 * @param reportDirectory  where the report files go
 */
public record DrillPlan(RestorePlan restore, Path scratchDirectory, int port, String databaseUser, List<String> checks,
        Path reportDirectory) {
    public DrillPlan {
        checks = List.copyOf(checks);
    }

    /** True when the restore's interlocks all passed and {@code run()} would start. */
    public boolean allowed() {
        return restore.allowed();
    }

    /** A human-readable dry-run text. */
    public String describe() {
        return "restore drill plan (dry run, nothing was touched)\n"
                + "  scratch:    " + scratchDirectory + " (port " + port + ", connecting as " + databaseUser + ")\n"
                + "  checks:     " + String.join(", ", checks) + "\n"
                + "  reports:    " + reportDirectory + "\n"
                + restore.describe().lines().skip(1).map(l -> l + "\n").reduce("", String::concat);
    }
}
