package dev.pitr.operation;

/**
 * A passed {@code pgbackrest check}: archiving works and the repository configuration is valid.
 *
 * @param stanza  the stanza checked
 * @param command the command that ran
 */
public record CheckResult(String stanza, CommandResult command) {
}
