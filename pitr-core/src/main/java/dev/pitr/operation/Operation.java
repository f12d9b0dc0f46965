package dev.pitr.operation;

import java.time.Duration;

/** The pgBackRest commands pitr runs, each with a default timeout (override with {@code timeout(op, d)}). */
public enum Operation {
    VERSION("version", Duration.ofSeconds(30)),
    STANZA_CREATE("stanza-create", Duration.ofMinutes(10)),
    STANZA_UPGRADE("stanza-upgrade", Duration.ofMinutes(10)),
    CHECK("check", Duration.ofMinutes(10)),
    INFO("info", Duration.ofMinutes(10)),
    BACKUP("backup", Duration.ofHours(12)),
    EXPIRE("expire", Duration.ofHours(2)),
    VERIFY("verify", Duration.ofHours(12)),
    RESTORE("restore", Duration.ofHours(12)),
    ANNOTATE("annotate", Duration.ofMinutes(5)),
    /**
     * Lists repository files, read-only: the WAL archive's history files and newest segment (timelines, the
     * recovery window's end); a drill that ended early names the first WAL segment the archive lacks.
     */
    REPO_LS("repo-ls", Duration.ofMinutes(5)),
    STOP("stop", Duration.ofMinutes(5)),
    /** Reads one repository file (a timeline history file); read-only. */
    REPO_GET("repo-get", Duration.ofMinutes(5)),
    START("start", Duration.ofMinutes(5));

    private final String command;
    private final Duration defaultTimeout;

    Operation(String command, Duration defaultTimeout) {
        this.command = command;
        this.defaultTimeout = defaultTimeout;
    }

    /** The pgBackRest command name. */
    public String command() {
        return command;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }
}
