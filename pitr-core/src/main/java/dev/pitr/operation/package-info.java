/**
 * The pgBackRest commands pitr runs ({@link dev.pitr.operation.Operation}) and what
 * each returns: the redacted {@link dev.pitr.operation.CommandResult} and the backup, check, expire and
 * verify results.
 */
package dev.pitr.operation;
