package dev.pitr.drill;

import java.time.Duration;

/**
 * How long a restore drill took.
 *
 * @param restore  the {@code pgbackrest restore} command
 * @param recovery from starting PostgreSQL until it left recovery ({@code pg_is_in_recovery()} false)
 * @param total    the recovery time objective as measured: from the start of the drill until the restored
 *                 database was validated (restore, recovery and every check; teardown not included)
 */
public record DrillTimings(Duration restore, Duration recovery, Duration total) {
}
