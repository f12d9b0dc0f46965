package dev.pitr.error;

/** The pgbackrest executable is missing, not runnable, or older than the supported floor (2.45). */
public class PgBackRestNotInstalledException extends PgBackRestException {
    public PgBackRestNotInstalledException(String message, Throwable cause) {
        super(ErrorCode.PITR, message, cause);
    }
}
