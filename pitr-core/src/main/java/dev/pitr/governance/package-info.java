/**
 * Backup policy and health: the rules a stanza is judged by ({@link
 * dev.pitr.governance.HealthThresholds}, {@link dev.pitr.governance.BackupPolicy}), the verdicts ({@link
 * dev.pitr.governance.HealthReport}, {@link dev.pitr.governance.RuleResult}) and schedule rendering.
 */
package dev.pitr.governance;
