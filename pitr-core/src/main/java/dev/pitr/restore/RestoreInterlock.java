package dev.pitr.restore;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.util.Objects;
import java.util.Optional;

/**
 * One safety check a restore passes before pgBackRest touches a file.
 *
 * @param name    what was checked, e.g. {@code live-postmaster}, {@code empty-directory}, {@code target-window}
 * @param passed  true when the restore may go ahead as far as this check goes
 * @param message what was found; when the check failed, the problem
 * @param setting the setting to change, when it failed
 * @param fix     how to fix it, when it failed
 */
public record RestoreInterlock(String name, boolean passed, String message, Optional<Setting> setting,
        Optional<String> fix) {
    public RestoreInterlock {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        if (passed != setting.isEmpty() || setting.isEmpty() != fix.isEmpty()) {
            throw new IllegalArgumentException("a failed interlock names its setting and fix; a passed one neither");
        }
    }

    public static RestoreInterlock pass(String name, String message) {
        return new RestoreInterlock(name, true, message, Optional.empty(), Optional.empty());
    }

    public static RestoreInterlock fail(String name, Setting setting, String problem, String fix) {
        return new RestoreInterlock(name, false, problem, Optional.of(setting), Optional.of(fix));
    }

    /** The refusal as the exception {@code run()} throws; empty when the check passed. */
    public Optional<PitrConfigurationException> refusal(String context) {
        return setting.map(s -> new PitrConfigurationException(s, context + ": " + message, fix.orElseThrow()));
    }

    /** One line: the message, and for a failure the fix. */
    public String describe() {
        return message + fix.map(f -> " (fix: " + f + ")").orElse("");
    }
}
