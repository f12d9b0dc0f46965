package dev.pitr.internal.drill;

import java.util.List;

/**
 * The drill's integrity validation: PostgreSQL's {@code pg_amcheck} over the restored databases.
 *
 * @param mode           {@link Mode#AUTO} (the default: run when the databases fit {@code maxBytes}, else a
 *                       visible SKIPPED check), {@link Mode#ALWAYS} (run whatever the size) or {@link Mode#OFF}
 * @param maxBytes       the size bound of {@link Mode#AUTO}: the sum of {@code pg_database_size} of the
 *                       databases to check
 * @param databases      the databases to check; empty means every connectable non-template database
 * @param heapAllIndexed also verify that every heap tuple is in each B-tree index ({@code --heapallindexed}:
 *                       4.5 to 9 times the cost, see docs/restore-drills.md)
 */
public record AmcheckSettings(Mode mode, long maxBytes, List<String> databases, boolean heapAllIndexed) {
    /** The default bound of {@link Mode#AUTO}: 100 GB (10^9 bytes); measured cost in docs/restore-drills.md. */
    public static final long DEFAULT_MAX_BYTES = 100_000_000_000L;

    public AmcheckSettings {
        databases = List.copyOf(databases);
    }

    /** On when bounded, every database, B-tree structure and heap only. */
    public static AmcheckSettings defaults() {
        return new AmcheckSettings(Mode.AUTO, DEFAULT_MAX_BYTES, List.of(), false);
    }

    /** When the validation runs. */
    public enum Mode {
        AUTO, ALWAYS, OFF
    }
}
