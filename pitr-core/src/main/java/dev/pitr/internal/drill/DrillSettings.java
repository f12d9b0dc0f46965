package dev.pitr.internal.drill;

import dev.pitr.restore.RecoveryTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The frozen settings of one restore drill (built and validated by {@code RestoreDrillRequest}). */
public record DrillSettings(RecoveryTarget target, Path directory, Optional<Integer> port, Duration recoveryTimeout,
        List<RowCountExpectation> rowCounts, List<SqlAssertion> assertions, List<String> extensions, String database,
        Optional<String> databaseUser, List<String> postRestoreCommand, Duration postRestoreTimeout,
        Optional<URI> readinessUrl, Duration readinessTimeout, Optional<Duration> maxRto,
        Optional<Duration> maxTargetGap, Path reportDirectory, boolean keepScratch, boolean annotateBackup,
        Optional<Integer> repo, int processMax, Optional<Path> pgBinDirectory) {
    public DrillSettings {
        rowCounts = List.copyOf(rowCounts);
        assertions = List.copyOf(assertions);
        extensions = List.copyOf(extensions);
        postRestoreCommand = List.copyOf(postRestoreCommand);
    }

    /** A critical table's row count: exactly {@code count}, or at least it when {@code exact} is false. */
    public record RowCountExpectation(String table, long count, boolean exact) {
    }

    /** A read-only SQL query whose first column must be true, or equal {@code expected} as text. */
    public record SqlAssertion(String name, String sql, Optional<String> expected) {
    }
}
