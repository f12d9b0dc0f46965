package dev.pitr.error;

/** What went wrong between the database host and the repository host (see {@link RemoteHostException}). */
public enum RemoteHostProblem {
    /** The remote server did not accept our client certificate (not signed by a CA it trusts: "unknown ca"). */
    CLIENT_CERTIFICATE_REJECTED,
    /** The remote server refused our client certificate because it has expired. */
    CLIENT_CERTIFICATE_EXPIRED,
    /** The remote's server certificate does not chain to our CA file (CA mismatch). */
    SERVER_CERTIFICATE_UNTRUSTED,
    /** The remote's server certificate has expired. */
    SERVER_CERTIFICATE_EXPIRED,
    /** The remote's server certificate has no DNS subjectAltName equal to the configured host name. */
    HOSTNAME_MISMATCH,
    /** The client certificate's CN is not authorized for this stanza in the remote's tls-server-auth. */
    NOT_AUTHORIZED,
    /** No pgBackRest TLS server answered at the remote's host and port within the io-timeout. */
    UNREACHABLE,
    /** A TLS key file is readable by group or others (pgBackRest refuses it). */
    KEY_FILE_PERMISSIONS,
    /** The remote could not read the configuration file named by repo1-host-config / pg1-host-config. */
    REMOTE_CONFIG_UNREADABLE,
    /** The command must run on the other host (e.g. backup on the database host). */
    WRONG_HOST
}
