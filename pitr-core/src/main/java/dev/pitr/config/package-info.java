/**
 * What a {@link dev.pitr.PgBackRest} is configured with: repositories, secrets, remote hosts,
 * a TLS server, an existing {@code pgbackrest.conf}, and the frozen {@link
 * dev.pitr.config.PitrConfiguration} {@code load()} produces.
 */
package dev.pitr.config;
