package dev.pitr.internal.drill.clone;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.os.RunAs;
import dev.pitr.internal.pg.PostgresBinaries;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The server installed here ({@code postgres --describe-config}, a real binary, so not in the fast lane):
 * every parameter of its kind that names a command, file, library, host or peer is reviewed in
 * {@link ParameterReview}, whatever its major version.
 */
class InstalledParameterReviewIT {
    @Test
    void everyStringParameterOfTheInstalledServerIsReviewed() {
        PostgresBinaries binaries = PostgresBinaries.locate(Optional.empty());
        Optional<String> runAs = RunAs.isRoot() ? Optional.of("postgres") : Optional.empty();
        KnownParameters known = KnownParameters.describe(binaries.postgres(), new CommonsExecRunner(), runAs);
        assertTrue(known.all().size() > 250, "describe-config listed " + known.all().size());
        ParameterReviewTest.assertReviewed(binaries.binDirectory().toString(), known);
    }
}
