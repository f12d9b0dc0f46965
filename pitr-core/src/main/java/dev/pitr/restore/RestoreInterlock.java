package dev.pitr.restore;

/**
 * One safety check a restore passes before pgBackRest touches a file.
 *
 * @param name    what was checked, e.g. {@code live-postmaster}, {@code empty-directory}, {@code target-window}
 * @param passed  true when the restore may go ahead as far as this check goes
 * @param setting the setting to change when it failed (e.g. {@code restore.pgPath})
 * @param message what was found, and when it failed, how to fix it
 */
public record RestoreInterlock(String name, boolean passed, String setting, String message) {
    public static RestoreInterlock pass(String name, String message) {
        return new RestoreInterlock(name, true, "", message);
    }

    public static RestoreInterlock fail(String name, String setting, String problem, String fix) {
        return new RestoreInterlock(name, false, setting, problem + " (fix: " + fix + ")");
    }
}
