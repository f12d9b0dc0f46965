/**
 * The entry point and what you call: {@link dev.pitr.PgBackRest#configure()} builds a {@link
 * dev.pitr.PgBackRest} for one stanza, and each of its operations hands out a request ({@link
 * dev.pitr.BackupRequest}, {@link dev.pitr.RestoreRequest}, {@link dev.pitr.RestoreDrillRequest},
 * {@link dev.pitr.HealthCheck}...) that you set up and finish with a terminal verb ({@code run()},
 * {@code plan()}, {@code start()}). What they take and return lives in the concept packages below
 * ({@code config}, {@code operation}, {@code restore}, {@code drill}, {@code governance}, {@code audit},
 * {@code info}, {@code error}); the engine under {@code dev.pitr.internal} is not part of the API.
 */
package dev.pitr;
