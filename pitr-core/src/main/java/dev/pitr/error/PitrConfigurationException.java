package dev.pitr.error;

/**
 * A setting is missing or wrong. Thrown before anything is run or touched; the message names the setting
 * and how to fix it.
 */
public class PitrConfigurationException extends PgBackRestException {
    private final String setting;

    public PitrConfigurationException(String setting, String problem, String fix) {
        super(ErrorCode.PITR, setting + ": " + problem + (fix == null || fix.isEmpty() ? "" : " (fix: " + fix + ")"));
        this.setting = setting;
    }

    /** The name of the offending setting, as the Java API calls it (e.g. {@code stanza}, {@code restore.target}). */
    public String setting() {
        return setting;
    }
}
