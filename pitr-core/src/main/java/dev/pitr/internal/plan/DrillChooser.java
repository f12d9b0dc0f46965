package dev.pitr.internal.plan;

import dev.pitr.drill.DrillChoice;
import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.RepoInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.restore.RecoveryTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

/**
 * Applies a drill plan to one info snapshot: which repositories to drill, which backup of each, which target.
 * Pure: the same plan, seed, reference time, snapshot and drill history give the same choices, on any JVM
 * ({@link Random}'s algorithm is fixed by its specification, and so is the scrambling of its seed).
 */
public final class DrillChooser {
    /** A random target closer than this to either end of its range is not worth a WAL replay: the range is too short. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private DrillChooser() {
    }

    /** The choice for one repository, or why there is none. */
    public record Outcome(int repo, Optional<DrillChoice> choice, String reason) {
    }

    /**
     * @param fixedRepo  a repository the caller insists on (overrides rotation and all)
     * @param lastDrills when each repository was last drilled (any outcome), for the rotation
     */
    public static List<Outcome> choose(RestoreTestPlan plan, long seed, Instant at, StanzaInfo info,
            Optional<Integer> fixedRepo, Map<Integer, Instant> lastDrills) {
        List<Integer> repos = fixedRepo.map(List::of).orElseGet(() -> repositories(info));
        if (fixedRepo.isEmpty() && plan.repositories() == RestoreTestPlan.Repositories.ROTATION) {
            // Never drilled first, then the one drilled longest ago; ties by number.
            repos = List.of(repos.stream().min(Comparator.comparing((Integer r) -> lastDrills.getOrDefault(r, Instant.MIN))
                    .thenComparing(Comparator.naturalOrder())).orElse(1));
        }
        return repos.stream().map(r -> chooseIn(plan, seed, at, info, r)).toList();
    }

    /**
     * The seed of a repository's generator: the plan's seed and the repository number, scrambled with
     * SplitMix64's finaliser. Without it, Random's first draw for neighbouring seeds (1, 2, 3...) is nearly the
     * same, and seeds 1 to 6 all picked the same backup of four.
     */
    static long generatorSeed(long seed, int repo) {
        long z = seed + 0x9e3779b97f4a7c15L * repo;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static List<Integer> repositories(StanzaInfo info) {
        TreeSet<Integer> keys = new TreeSet<>();
        info.repos().stream().map(RepoInfo::key).forEach(keys::add);
        info.backups().stream().map(BackupInfo::repoKey).forEach(keys::add);
        if (keys.isEmpty()) {
            keys.add(1);
        }
        return List.copyOf(keys);
    }

    private static Outcome chooseIn(RestoreTestPlan plan, long seed, Instant at, StanzaInfo info, int repo) {
        List<BackupInfo> inRepo = info.backupsIn(repo).stream().sorted(Comparator.comparing(BackupInfo::stop)).toList();
        Instant from = at.minus(Duration.ofDays(plan.windowDays()));
        List<BackupInfo> eligible = inRepo.stream().filter(b -> !b.stop().isBefore(from) && !b.stop().isAfter(at))
                .toList();
        if (eligible.isEmpty()) {
            return new Outcome(repo, Optional.empty(), "repo" + repo + " has no backup that stopped between " + from
                    + " and " + at + " (the plan's " + plan.windowDays() + "-day selection window; "
                    + (inRepo.isEmpty() ? "it has no backup at all" : "its newest stopped " + inRepo.get(inRepo.size() - 1)
                            .stop()) + ")");
        }
        // One generator per repository, seeded from the seed and the repository alone: a drill of repo2 replays
        // with the same seed whether or not repo1 was drilled in the same run.
        Random random = new Random(generatorSeed(seed, repo));
        int index = plan.selection() == RestoreTestPlan.Selection.RANDOM ? random.nextInt(eligible.size()) : eligible.size() - 1;
        BackupInfo backup = eligible.get(index);
        String how = (plan.selection() == RestoreTestPlan.Selection.RANDOM ? "random" : "latest") + " of " + eligible.size()
                + " eligible backup(s) in repo" + repo + ": " + backup.label() + " (stopped " + backup.stop() + ")";
        RecoveryTarget target;
        Optional<Instant> rangeFrom = Optional.empty();
        Optional<Instant> rangeTo = Optional.empty();
        switch (plan.target()) {
            case LATEST -> {
                target = RecoveryTarget.latest();
                how += "; target latest (every archived WAL file after it)";
            }
            case END -> {
                target = RecoveryTarget.immediate();
                how += "; target its end";
            }
            default -> {
                Optional<BackupInfo> next = inRepo.stream().filter(b -> b.stop().isAfter(backup.stop())).findFirst();
                long span = next.map(n -> Duration.between(backup.stop(), n.stop()).minus(MARGIN.multipliedBy(2))
                        .toMillis()).orElse(0L);
                if (span <= 0) {
                    target = RecoveryTarget.immediate();
                    how += next.isEmpty() ? "; target its end (the newest backup of repo" + repo + ": no archived range "
                            + "after it is known for certain)" : "; target its end (the next backup stopped too soon after)";
                } else {
                    Instant t = backup.stop().plus(MARGIN).plusMillis(random.nextLong(span)).truncatedTo(ChronoUnit.MILLIS);
                    target = RecoveryTarget.time(t);
                    rangeFrom = Optional.of(backup.stop());
                    rangeTo = Optional.of(next.get().stop());
                    how += "; target random instant " + t + " between its end and the end of " + next.get().label();
                }
            }
        }
        return new Outcome(repo, Optional.of(new DrillChoice(plan, seed, at, repo, eligible.stream().map(BackupInfo::label)
                .toList(), backup.label(), target, rangeFrom, rangeTo, how)), how);
    }
}
