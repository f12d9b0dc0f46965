/**
 * What {@code pgbackrest info} reports, as typed records: stanzas, backup sets, archive ranges
 * and the recovery window.
 */
package dev.pitr.info;
