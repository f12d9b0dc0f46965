/**
 * What a restore drill reports: {@link dev.pitr.drill.DrillReport} with its checks,
 * status and timings.
 */
package dev.pitr.drill;
