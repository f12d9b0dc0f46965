package dev.pitr.drill;

/**
 * One check of a restore drill, as it appears in every report format.
 *
 * @param name     stable name, e.g. {@code recovery}, {@code rowCount:public.orders}, {@code sql:orders-recent},
 *                 {@code extension:postgis}, {@code postRestoreCommand}, {@code readiness}, {@code maxRto},
 *                 {@code maxTargetGap}
 * @param status   passed or failed
 * @param expected what the check wanted, as text
 * @param actual   what the drill cluster gave, as text
 * @param message  a sentence for humans (the failure reason when it failed)
 */
public record DrillCheck(String name, DrillStatus status, String expected, String actual, String message) {
    public boolean passed() {
        return status == DrillStatus.PASSED;
    }

    public static DrillCheck of(String name, boolean passed, String expected, String actual, String message) {
        return new DrillCheck(name, passed ? DrillStatus.PASSED : DrillStatus.FAILED, expected, actual, message);
    }
}
