package dev.pitr.internal.drill.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.os.RunAs;
import dev.pitr.internal.pg.PostgresBinaries;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The server installed here ({@code postgres --describe-config}, a real binary, so not in the fast lane):
 * every parameter of its kind that names a command, file, library, host or peer is reviewed in
 * {@link ParameterReview}, whatever its major version; and the built-in values the drill takes without asking
 * ({@link RestoredValues#BUILT_IN}) are this server's.
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

    @Test
    void theBuiltInValuesTheDrillTakesAreThoseOfTheInstalledServer() throws IOException {
        PostgresBinaries binaries = PostgresBinaries.locate(Optional.empty());
        Optional<String> runAs = RunAs.isRoot() ? Optional.of("postgres") : Optional.empty();
        Path data = Ownership.createPrivateDirectory(Path.of("/tmp", "pitr-built-in-" + ProcessHandle.current().pid()), runAs);
        try {
            Ownership.writePrivateFile(data.resolve("postgresql.conf"), "# empty: every parameter has its built-in value\n",
                    runAs);
            Ownership.writePrivateFile(data.resolve("postgresql.auto.conf"), "", runAs);
            for (Map.Entry<String, String> e : RestoredValues.BUILT_IN.entrySet()) {
                ProcessOutput out = new CommonsExecRunner().run(new CommandSpec(java.util.List.of(binaries.postgres().toString(),
                        "-D", data.toString(), "-C", e.getKey()), Map.of(), Map.of(), Duration.ofSeconds(30), runAs,
                        Path.of("/tmp"), "pitr.test", true));
                assertEquals(0, out.exitCode(), out.result().outputTail().toString());
                assertEquals(e.getValue(), out.stdout().strip(), e.getKey());
            }
        } finally {
            Ownership.deleteTree(data);
        }
    }
}
