package dev.pitr.drill;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which drill to run, chosen the way a restore-testing plan chooses it: the eligible backups (those that
 * stopped within the last {@code windowDays}, from one repository in rotation or from every repository), the
 * backup (the latest eligible one, or a random one), the recovery target (latest, the backup's end, or a
 * random instant inside the backup's recoverable range so WAL is replayed), a start window after which a
 * drill that could not start is SKIPPED, and a validation window during which the clone stays up.
 *
 * <p>Random choices come from {@code seed}; a plan without one draws a seed and the report records it
 * ({@code seed}), so any drill can be replayed exactly with the same seed (and, for a rotation, the same
 * repository). Immutable; each setter returns a new plan.
 *
 * <pre>{@code
 * RestoreTestPlan plan = RestoreTestPlan.defaults().selection(Selection.RANDOM).windowDays(30).target(Target.RANDOM)
 *         .startWindow(Duration.ofHours(4)).validationWindow(Duration.ofMinutes(30));
 * List<DrillReport> reports = pgbr.restoreDrill().testPlan(plan).expectMinRowCount("orders", 1).runAll();
 * }</pre>
 *
 * @param selection        how the backup is chosen among the eligible ones (default LATEST)
 * @param windowDays       a backup is eligible when it stopped at most this many days before {@code scheduledAt}, 1-365 (default 30)
 * @param repositories     ROTATION: one repository per run, the one drilled least recently; ALL: every repository (default ROTATION)
 * @param target           how the recovery target is chosen (default LATEST)
 * @param seed             the seed of the random choices; empty: drawn at run time and recorded
 * @param startWindow      how long after {@code scheduledAt} the drill may still start; empty: no limit
 * @param validationWindow how long the clone stays up after its checks, for a person or a script; empty: torn down at once
 * @param scheduledAt      when the drill was due: the end of the selection window and the start of the start
 *                         window; empty: when it runs. Give it to replay a drill with the same eligible backups
 */
public record RestoreTestPlan(Selection selection, int windowDays, Repositories repositories, Target target,
        Optional<Long> seed, Optional<Duration> startWindow, Optional<Duration> validationWindow,
        Optional<Instant> scheduledAt) {
    /** AWS Backup's default selection window, and ours. */
    public static final int DEFAULT_WINDOW_DAYS = 30;

    public RestoreTestPlan {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(repositories, "repositories");
        Objects.requireNonNull(target, "target");
        if (windowDays < 1 || windowDays > 365) {
            throw new PitrConfigurationException(Setting.PLAN_WINDOW_DAYS, windowDays + " is not 1-365",
                    "give the selection window in days, 1 to 365 (default " + DEFAULT_WINDOW_DAYS + ")");
        }
        startWindow.ifPresent(d -> positive(Setting.PLAN_START_WINDOW, d));
        validationWindow.ifPresent(d -> positive(Setting.PLAN_VALIDATION_WINDOW, d));
    }

    /** How the backup is chosen. */
    public enum Selection {
        /** The eligible backup that stopped last. */
        LATEST,
        /** Any eligible backup, drawn from the seed. */
        RANDOM;

        /** {@code latest} or {@code random}, any case. */
        public static Selection parse(String text) {
            return parseEnum(Selection.class, Setting.PLAN_SELECTION, text, "latest or random");
        }
    }

    /** How the recovery target is chosen. */
    public enum Target {
        /** The end of the archive: every WAL file after the backup is replayed. */
        LATEST,
        /** The backup's end (its consistency point): the backup itself, no WAL beyond it. */
        END,
        /**
         * An instant drawn from the seed between the backup's end and the end of the next backup of the same
         * repository (WAL up to there is archived for certain); the newest backup has no such range, so its end.
         */
        RANDOM;

        /** {@code latest}, {@code end} or {@code random}, any case. */
        public static Target parse(String text) {
            return parseEnum(Target.class, Setting.PLAN_TARGET, text, "latest, end or random");
        }
    }

    /** Which repositories a run drills. */
    public enum Repositories {
        /** One per run: the repository whose last drill is the oldest (never drilled first). */
        ROTATION,
        /** Every repository with an eligible backup, one drill each. */
        ALL;

        /** {@code rotation} or {@code all}, any case. */
        public static Repositories parse(String text) {
            return parseEnum(Repositories.class, Setting.PLAN_REPOSITORIES, text, "rotation or all");
        }
    }

    /** Latest backup of the last 30 days, one repository in rotation, target latest, no windows. */
    public static RestoreTestPlan defaults() {
        return new RestoreTestPlan(Selection.LATEST, DEFAULT_WINDOW_DAYS, Repositories.ROTATION, Target.LATEST, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RestoreTestPlan selection(Selection s) {
        return new RestoreTestPlan(s, windowDays, repositories, target, seed, startWindow, validationWindow, scheduledAt);
    }

    public RestoreTestPlan windowDays(int days) {
        return new RestoreTestPlan(selection, days, repositories, target, seed, startWindow, validationWindow, scheduledAt);
    }

    public RestoreTestPlan repositories(Repositories r) {
        return new RestoreTestPlan(selection, windowDays, r, target, seed, startWindow, validationWindow, scheduledAt);
    }

    public RestoreTestPlan target(Target t) {
        return new RestoreTestPlan(selection, windowDays, repositories, t, seed, startWindow, validationWindow, scheduledAt);
    }

    public RestoreTestPlan seed(long s) {
        return new RestoreTestPlan(selection, windowDays, repositories, target, Optional.of(s), startWindow, validationWindow,
                scheduledAt);
    }

    public RestoreTestPlan startWindow(Duration d) {
        return new RestoreTestPlan(selection, windowDays, repositories, target, seed, Optional.of(d), validationWindow,
                scheduledAt);
    }

    public RestoreTestPlan validationWindow(Duration d) {
        return new RestoreTestPlan(selection, windowDays, repositories, target, seed, startWindow, Optional.of(d), scheduledAt);
    }

    public RestoreTestPlan scheduledAt(Instant at) {
        return new RestoreTestPlan(selection, windowDays, repositories, target, seed, startWindow, validationWindow,
                Optional.of(at));
    }

    /** True when some choice is random (and so depends on the seed). */
    public boolean random() {
        return selection == Selection.RANDOM || target == Target.RANDOM;
    }

    /** e.g. {@code random backup of the last 30 days, repositories in rotation, target random, seed 42}. */
    public String describe() {
        return selection.name().toLowerCase(Locale.ROOT) + " backup of the last " + windowDays + " day(s), repositories "
                + (repositories == Repositories.ALL ? "all" : "in rotation") + ", target "
                + target.name().toLowerCase(Locale.ROOT) + seed.map(s -> ", seed " + s).orElse("")
                + startWindow.map(d -> ", start window " + d).orElse("")
                + validationWindow.map(d -> ", validation window " + d).orElse("");
    }

    private static void positive(Setting setting, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new PitrConfigurationException(setting, d + " is not a positive duration", "e.g. PT4H");
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, Setting setting, String text, String allowed) {
        if (text != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(text.strip())) {
                    return e;
                }
            }
        }
        throw new PitrConfigurationException(setting, "'" + text + "' is not one of " + allowed, "use " + allowed);
    }
}
