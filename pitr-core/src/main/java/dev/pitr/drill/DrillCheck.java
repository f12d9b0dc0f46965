package dev.pitr.drill;

import java.util.Objects;
import java.util.Optional;

/**
 * One check of a restore drill, as it appears in every report format.
 *
 * @param name     stable name, e.g. {@code recovery}, {@code rowCount:public.orders}, {@code rowCount:nbms:public.orders},
 *                 {@code sql:orders-recent}, {@code extension:postgis}, {@code amcheck:nbms},
 *                 {@code postRestoreCommand}, {@code readiness}, {@code maxRto}, {@code maxTargetGap}
 * @param status   passed, failed, or skipped (a check the drill chose not to run; it does not fail the drill)
 * @param expected what the check wanted, as text
 * @param actual   what the drill cluster gave, as text
 * @param message  a sentence for humans (the failure reason when it failed)
 * @param database the database of the drill cluster the check ran in (the report's field {@code database});
 *                 empty for checks that do not run in a database ({@code review}, {@code restore}, {@code maxRto})
 */
public record DrillCheck(String name, DrillStatus status, String expected, String actual, String message,
        Optional<String> database) {
    public DrillCheck {
        Objects.requireNonNull(database, "database");
    }

    /** A check that does not run in a database. */
    public DrillCheck(String name, DrillStatus status, String expected, String actual, String message) {
        this(name, status, expected, actual, message, Optional.empty());
    }

    public boolean passed() {
        return status == DrillStatus.PASSED;
    }

    /** True when the check failed, which fails the drill (a skipped check does not). */
    public boolean failed() {
        return status == DrillStatus.FAILED;
    }

    public static DrillCheck of(String name, boolean passed, String expected, String actual, String message) {
        return new DrillCheck(name, passed ? DrillStatus.PASSED : DrillStatus.FAILED, expected, actual, message);
    }

    /** A check the drill did not run, with the reason as its message. */
    public static DrillCheck skipped(String name, String expected, String message) {
        return new DrillCheck(name, DrillStatus.SKIPPED, expected, "skipped", message);
    }

    /** The same check, recorded as run in {@code databaseName}. */
    public DrillCheck in(String databaseName) {
        return new DrillCheck(name, status, expected, actual, message, Optional.of(databaseName));
    }
}
