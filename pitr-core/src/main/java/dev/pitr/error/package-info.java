/**
 * Every failure pitr reports: the unchecked root {@link dev.pitr.error.PgBackRestException}
 * with pgBackRest's {@link dev.pitr.error.ErrorCode}, and its specific subclasses (configuration, lock,
 * missing stanza, timeout, remote host...).
 */
package dev.pitr.error;
