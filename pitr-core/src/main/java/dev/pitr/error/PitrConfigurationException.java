package dev.pitr.error;

import dev.pitr.config.Setting;
import java.util.Optional;

/**
 * A setting is missing or wrong. Thrown before anything is run or touched. It carries the {@link Setting} to
 * change, the problem and the fix as separate fields, so callers can name the setting their own way
 * (the plugin names its POM element and {@code -D} property) without reading the message.
 */
public class PitrConfigurationException extends PgBackRestException {
    private static final long serialVersionUID = 1L;
    private final Setting setting;
    private final String option;
    private final String problem;
    private final String fix;

    public PitrConfigurationException(Setting setting, String problem, String fix) {
        this(setting, null, problem, fix);
    }

    /**
     * @param option the pgBackRest option the problem is in, e.g. {@code repo1-cipher-pass}, or null
     */
    public PitrConfigurationException(Setting setting, String option, String problem, String fix) {
        super(ErrorCode.PITR, message(setting, option, problem, fix));
        this.setting = setting;
        this.option = option;
        this.problem = problem;
        this.fix = fix == null ? "" : fix;
    }

    private static String message(Setting setting, String option, String problem, String fix) {
        return setting.apiName() + (option == null ? "" : " (" + option + ")") + ": " + problem
                + (fix == null || fix.isEmpty() ? "" : " (fix: " + fix + ")");
    }

    /** The setting to change. */
    public Setting setting() {
        return setting;
    }

    /** The pgBackRest option the problem is in (e.g. {@code repo1-s3-bucket}), when it is one. */
    public Optional<String> option() {
        return Optional.ofNullable(option);
    }

    /** What is wrong, without the setting's name. */
    public String problem() {
        return problem;
    }

    /** How to fix it; empty when there is nothing to add. */
    public String fix() {
        return fix;
    }
}
