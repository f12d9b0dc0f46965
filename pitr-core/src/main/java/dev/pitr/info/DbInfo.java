package dev.pitr.info;

/**
 * One entry of the stanza's database history.
 *
 * @param id       history id
 * @param repoKey  repository number
 * @param systemId PostgreSQL system identifier, an unsigned 64-bit number (print with
 *                 {@link Long#toUnsignedString(long)})
 * @param version  PostgreSQL major version, e.g. "15"
 */
public record DbInfo(int id, int repoKey, long systemId, String version) {
    /** The system identifier as PostgreSQL prints it. */
    public String systemIdentifier() {
        return Long.toUnsignedString(systemId);
    }
}
