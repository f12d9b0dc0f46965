package dev.pitr.info;

/**
 * A stanza's or repository's status from info. {@code info} exits 0 whatever this says, so callers must
 * look here.
 *
 * @param code    pgBackRest's status code (0 ok, 1 missing stanza path, 2 no valid backups, 3 missing
 *                stanza data, 4 different across repos, 5 database mismatch across repos, 6 requested
 *                backup not found, 99 other)
 * @param message pgBackRest's message (for 99 at repository level, the real error text)
 */
public record StanzaStatus(int code, String message) {
    public static final int OK = 0;
    public static final int MISSING_STANZA_PATH = 1;
    public static final int NO_VALID_BACKUPS = 2;
    public static final int MISSING_STANZA_DATA = 3;
    public static final int OTHER = 99;

    public boolean ok() {
        return code == OK;
    }

    /** True when the stanza has not been created in the repository (or its name is wrong). */
    public boolean stanzaMissing() {
        return code == MISSING_STANZA_PATH || code == MISSING_STANZA_DATA;
    }
}
