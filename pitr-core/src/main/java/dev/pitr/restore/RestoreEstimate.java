package dev.pitr.restore;

/**
 * How much a restore moves, from the backup set it will use (pgBackRest's own figures in {@code info}).
 *
 * @param databaseBytes   the size of the restored data directory
 * @param repositoryBytes what is read from the repository (compressed, the whole backup chain's share)
 */
public record RestoreEstimate(long databaseBytes, long repositoryBytes) {
}
