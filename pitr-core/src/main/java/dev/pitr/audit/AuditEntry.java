package dev.pitr.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of the {@link AuditLog}: who did what, when, how long it took and how it ended.
 *
 * @param time        when the operation ended
 * @param user        the OS user pitr ran as (commands may have switched to a run-as user)
 * @param host        the host name
 * @param operation   the pgBackRest command (e.g. {@code backup}) or a pitr operation such as {@code restore-drill}
 * @param stanza      the stanza it addressed
 * @param argv        the command line, secrets redacted (empty for operations that are not one command)
 * @param durationMs  wall-clock duration in milliseconds
 * @param outcome     SUCCESS/FAILURE for commands, PASSED/FAILED for drills
 * @param errorCode   pgBackRest's error name (e.g. {@code ARCHIVE_TIMEOUT}) or {@code TIMEOUT} when it failed
 * @param backupLabel the backup set created or used, when known
 * @param detail      a short free text (e.g. the drill report file); never a secret
 */
public record AuditEntry(Instant time, String user, String host, String operation, String stanza, List<String> argv,
        long durationMs, AuditOutcome outcome, Optional<String> errorCode, Optional<String> backupLabel,
        Optional<String> detail) {
    public AuditEntry {
        argv = List.copyOf(argv);
    }

    /** An entry stamped now, with this JVM's OS user and host, no argv, duration 0. */
    public static AuditEntry of(String operation, String stanza, AuditOutcome outcome) {
        return new AuditEntry(Instant.now(), System.getProperty("user.name"), AuditLog.hostName(), operation, stanza,
                List.of(), 0, outcome, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public AuditEntry withArgv(List<String> commandLine) {
        return new AuditEntry(time, user, host, operation, stanza, commandLine, durationMs, outcome, errorCode,
                backupLabel, detail);
    }

    public AuditEntry withDuration(Duration duration) {
        return new AuditEntry(time, user, host, operation, stanza, argv, duration.toMillis(), outcome, errorCode,
                backupLabel, detail);
    }

    public AuditEntry withTime(Instant at) {
        return new AuditEntry(at, user, host, operation, stanza, argv, durationMs, outcome, errorCode, backupLabel, detail);
    }

    public AuditEntry withErrorCode(String code) {
        return new AuditEntry(time, user, host, operation, stanza, argv, durationMs, outcome, Optional.of(code),
                backupLabel, detail);
    }

    public AuditEntry withBackupLabel(String label) {
        return new AuditEntry(time, user, host, operation, stanza, argv, durationMs, outcome, errorCode,
                Optional.of(label), detail);
    }

    public AuditEntry withDetail(String text) {
        return new AuditEntry(time, user, host, operation, stanza, argv, durationMs, outcome, errorCode, backupLabel,
                Optional.of(text));
    }
}
