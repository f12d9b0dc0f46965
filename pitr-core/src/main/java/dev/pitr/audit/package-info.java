/**
 * The operations log: one JSON line per pgBackRest command and per drill ({@link
 * dev.pitr.audit.AuditLog}, {@link dev.pitr.audit.AuditEntry}), secrets masked.
 */
package dev.pitr.audit;
