package dev.pitr.internal.drill;

import dev.pitr.drill.DrillChoice;
import dev.pitr.restore.RecoveryTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The frozen settings of one restore drill (built and validated by {@code RestoreDrillRequest}). A drill a
 * restore-test plan chose carries the choice: its backup set is restored with {@code --set}, to its target.
 * {@code directory} is the parent on disk (the one given, or /tmp); {@code memoryDirectory} a memory file system
 * the drill may use instead when it fits ({@link ScratchPlace}), empty when a directory was given or
 * {@code scratchInMemory(false)}.
 */
public record DrillSettings(RecoveryTarget target, Path directory, Optional<Integer> port, Duration recoveryTimeout,
        List<RowCountExpectation> rowCounts, List<SqlAssertion> assertions, List<ExtensionRequirement> extensions,
        String database, Optional<String> databaseUser, List<String> postRestoreCommand, Duration postRestoreTimeout,
        Optional<URI> readinessUrl, Duration readinessTimeout, Optional<Duration> maxRto,
        Optional<Duration> maxTargetGap, Path reportDirectory, boolean keepScratch, boolean annotateBackup,
        Optional<Integer> repo, int processMax, Optional<Path> pgBinDirectory, AmcheckSettings amcheck,
        Optional<String> set, Optional<Long> memoryBudget, ReplaySettings replay, Optional<DrillChoice> choice,
        Optional<Path> memoryDirectory) {
    public DrillSettings {
        rowCounts = List.copyOf(rowCounts);
        assertions = List.copyOf(assertions);
        extensions = List.copyOf(extensions);
        postRestoreCommand = List.copyOf(postRestoreCommand);
    }

    /** The same drill, as a plan chose it: its target, repository and backup set. */
    public DrillSettings chosen(DrillChoice c) {
        return new DrillSettings(c.target(), directory, port, recoveryTimeout, rowCounts, assertions, extensions, database,
                databaseUser, postRestoreCommand, postRestoreTimeout, readinessUrl, readinessTimeout, maxRto, maxTargetGap,
                reportDirectory, keepScratch, annotateBackup, Optional.of(c.repo()), processMax, pgBinDirectory, amcheck,
                Optional.of(c.backupSet()), memoryBudget, replay, Optional.of(c), memoryDirectory);
    }

    /**
     * A critical table's row count: exactly {@code count}, or at least it when {@code exact} is false; in its own
     * database when it names one, else in the drill's.
     */
    public record RowCountExpectation(String table, long count, boolean exact, Optional<String> database) {
        public RowCountExpectation(String table, long count, boolean exact) {
            this(table, count, exact, Optional.empty());
        }

        /** {@code rowCount:public.orders}, or {@code rowCount:nbms:public.orders} when it names its database. */
        public String checkName() {
            return "rowCount:" + new InDatabase(database, table).label();
        }
    }

    /** A read-only SQL query whose first column must be true, or equal {@code expected} as text. */
    public record SqlAssertion(String name, String sql, Optional<String> expected, Optional<String> database) {
        public SqlAssertion(String name, String sql, Optional<String> expected) {
            this(name, sql, expected, Optional.empty());
        }

        /** {@code sql:orders-recent}, or {@code sql:nbms:orders-recent} when it names its database. */
        public String checkName() {
            return "sql:" + new InDatabase(database, name).label();
        }
    }

    /** An extension that must be installed, in its own database when it names one, else in the drill's. */
    public record ExtensionRequirement(String name, Optional<String> database) {
        /** {@code extension:postgis}, or {@code extension:nbms:postgis} when it names its database. */
        public String checkName() {
            return "extension:" + new InDatabase(database, name).label();
        }
    }
}
