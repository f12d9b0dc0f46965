/**
 * Point-in-time restore values: where recovery stops ({@link
 * dev.pitr.restore.RecoveryTarget}, {@link dev.pitr.restore.TargetAction}), the dry-run {@link
 * dev.pitr.restore.RestorePlan} with its interlocks, and the {@link dev.pitr.restore.RestoreResult}.
 */
package dev.pitr.restore;
