package dev.pitr.drill;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a restore drill would do, computed without touching anything ({@link dev.pitr.RestoreDrillRequest#plan()}):
 * the restore into its scratch directory (argv, backup set, estimate), where the drill cluster would live, the
 * checks it would run, and every check the run makes before it writes anything, with the same results: a plan
 * that is not {@link #allowed()} is exactly a run that would be refused.
 *
 * @param restore          the plan of the drill's restore, from one {@code info} snapshot
 * @param scratchDirectory the scratch directory (data directory, socket, server log); created by the run
 * @param port             the port naming the drill cluster's socket (no TCP listener)
 * @param databaseUser     the role the checks connect as
 * @param checks           the names of the checks the drill runs, in order ({@code review}, {@code restore},
 *                         {@code recovery}, {@code walReplay}, {@code rowCount:...}, {@code sql:...}, ...)
 * @param reportDirectory  where the report files go
 * @param interlocks       the checks before writing: the restore's (target options, production path, live
 *                         postmaster, empty directory, target window), {@code drill-directory} (the run-as user
 *                         can reach it) and {@code disk-space} (room for the restored database plus a margin);
 *                         failed ones name the drill's setting to change
 * @param replay           how the drill replays WAL: how it is fetched ahead, the clone's replay settings
 * @param rtoEstimate      the RTO the drill is expected to take (empty when no backup set qualifies)
 * @param speedWarnings    settings that cap the drill's speed (e.g. {@code compress-type=gz}), each with what it
 *                         costs; the run logs them as WARN
 * @param choice           what a restore-test plan chose (backup set, target, seed); empty without a plan
 * @param scratchPlace     why the scratch directory is where it is: in memory when the drill fits, else on disk
 *                         ({@code in memory (/dev/shm): needs 0.8 GiB, allowed 5.9 GiB (...)})
 */
public record DrillPlan(RestorePlan restore, Path scratchDirectory, int port, String databaseUser, List<String> checks,
        Path reportDirectory, List<RestoreInterlock> interlocks, List<String> replay, Optional<RtoEstimate> rtoEstimate,
        List<String> speedWarnings, Optional<DrillChoice> choice, String scratchPlace) {
    public DrillPlan {
        checks = List.copyOf(checks);
        interlocks = List.copyOf(interlocks);
        replay = List.copyOf(replay);
        speedWarnings = List.copyOf(speedWarnings);
        rtoEstimate = rtoEstimate == null ? Optional.empty() : rtoEstimate;
        choice = choice == null ? Optional.empty() : choice;
        scratchPlace = scratchPlace == null ? "" : scratchPlace;
    }

    /** True when every check before writing passed and {@code run()} would start. */
    public boolean allowed() {
        return interlocks.stream().allMatch(RestoreInterlock::passed);
    }

    /** The checks before writing that failed. */
    public List<RestoreInterlock> refusals() {
        return interlocks.stream().filter(i -> !i.passed()).toList();
    }

    /** The exception {@code run()} throws for this plan (the first refusal), empty when it would run. */
    public Optional<PitrConfigurationException> refusal() {
        return refusals().stream().findFirst().flatMap(i -> i.refusal("restore drill refused before anything was "
                + "written"));
    }

    /** A human-readable dry-run text. */
    public String describe() {
        StringBuilder s = new StringBuilder("restore drill plan (dry run, nothing was touched)\n");
        s.append("  command:    ").append(restore.commandLine()).append('\n');
        s.append("  target:     ").append(restore.target().describe()).append('\n');
        s.append("  backup set: ").append(restore.backupSet().orElse("(none qualifies)")).append('\n');
        choice.ifPresent(c -> s.append("  chosen:     ").append(c.reason()).append(" (seed ").append(c.seed()).append(")\n"));
        s.append("  window:     ").append(restore.window().map(Object::toString).orElse("(no backups)")).append('\n');
        restore.estimate().ifPresent(e -> s.append("  size:       ").append(mib(e.databaseBytes()))
                .append(" to restore, ").append(mib(e.repositoryBytes())).append(" read from the repository\n"));
        s.append("  scratch:    ").append(scratchDirectory).append(" (port ").append(port).append(", connecting as ")
                .append(databaseUser).append(")\n");
        if (!scratchPlace.isEmpty()) {
            s.append("  place:      ").append(scratchPlace).append('\n');
        }
        replay.forEach(r -> s.append("  replay:     ").append(r).append('\n'));
        rtoEstimate.ifPresent(e -> s.append("  RTO:        estimated ").append(e.describe()).append('\n'));
        speedWarnings.forEach(w -> s.append("  [WARN] ").append(w).append('\n'));
        s.append("  checks:     ").append(String.join(", ", checks)).append('\n');
        s.append("  reports:    ").append(reportDirectory).append('\n');
        for (RestoreInterlock i : interlocks) {
            s.append("  [").append(i.passed() ? "ok" : "REFUSED").append("] ").append(i.name()).append(": ")
                    .append(i.describe()).append('\n');
        }
        return s.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
