package dev.pitr.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.error.ErrorCode;
import dev.pitr.error.RemoteHostException;
import dev.pitr.error.RemoteHostProblem;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.operation.CommandResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgBackRest 2.45's wording for each TLS failure (as measured in the lab, see docs/repository-host.md),
 * including the ones a test cannot produce on demand (expired certificates on the far side).
 */
class RemoteHostFailuresTest {
    @TempDir
    Path dir;

    Optional<RemoteHostException> classify(int exit, String conf, String... tail) throws IOException {
        CommandResult result = new CommandResult(List.of("pgbackrest", "check"), exit, Duration.ZERO, List.of(tail));
        return RemoteHostFailures.classify("check", "main", ConfFile.parse(conf), ErrorCode.of(exit), "pgbackrest check failed", List.of(),
                result);
    }

    RemoteHostProblem problem(int exit, String... tail) throws IOException {
        return classify(exit, "[global]\nrepo1-host=rh\n", tail).orElseThrow().problem();
    }

    @Test
    void eachTlsFailureIsNamed() throws IOException {
        assertEquals(RemoteHostProblem.CLIENT_CERTIFICATE_REJECTED,
                problem(101, "P00  ERROR: [101]: TLS error [1:167773208] tlsv1 alert unknown ca"));
        assertEquals(RemoteHostProblem.CLIENT_CERTIFICATE_EXPIRED,
                problem(101, "P00  ERROR: [101]: TLS error [1:167773205] sslv3 alert certificate expired"));
        assertEquals(RemoteHostProblem.SERVER_CERTIFICATE_UNTRUSTED, problem(95, "P00  ERROR: [095]: unable to verify "
                + "certificate presented by '127.0.0.1:58432': [19] self-signed certificate in certificate chain"));
        assertEquals(RemoteHostProblem.SERVER_CERTIFICATE_EXPIRED, problem(95, "P00  ERROR: [095]: unable to verify "
                + "certificate presented by '127.0.0.1:58432': [10] certificate has expired"));
        assertEquals(RemoteHostProblem.HOSTNAME_MISMATCH, problem(95, "P00  ERROR: [095]: unable to find hostname "
                + "'127.0.0.1' in certificate common name or subject alternative names"));
        assertEquals(RemoteHostProblem.NOT_AUTHORIZED,
                problem(105, "P00  ERROR: [105]: raised from remote-0 tls protocol on '127.0.0.1': access denied"));
        assertEquals(RemoteHostProblem.KEY_FILE_PERMISSIONS,
                problem(42, "P00  ERROR: [042]: key file '/k' has group or other permissions"));
        assertEquals(RemoteHostProblem.UNREACHABLE,
                problem(49, "P00  ERROR: [049]: unable to connect to '127.0.0.1:58432': [111] Connection refused"));
        assertEquals(RemoteHostProblem.UNREACHABLE, problem(27, "P00   WARN: unable to check pg1: [HostConnectError] "
                + "unable to connect to '127.0.0.1:58433': [111] Connection refused", "P00  ERROR: [027]: no database found"));
        assertEquals(RemoteHostProblem.REMOTE_CONFIG_UNREADABLE, problem(41, "P00  ERROR: [041]: raised from remote-0 "
                + "tls protocol on '127.0.0.1': unable to open file '/etc/pgbackrest.conf' for read: [13] Permission denied"));
        assertEquals(RemoteHostProblem.WRONG_HOST,
                problem(72, "P00  ERROR: [072]: backup command must be run on the repository host"));
    }

    @Test
    void theMessageKeepsPgBackRestsTextAndAddsTheFix() throws IOException {
        RemoteHostException e = classify(49, "[global]\nrepo1-host=rh\n",
                "P00  ERROR: [049]: unable to connect to '127.0.0.1:58432': [111] Connection refused").orElseThrow();
        assertEquals(ErrorCode.HOST_CONNECT, e.errorCode());
        assertTrue(e.getMessage().startsWith("pgbackrest check failed - no pgBackRest TLS server answered at the remote "
                + "host 127.0.0.1:58432"), e.getMessage());
        assertTrue(e.getMessage().contains("[fix: start the remote's server"), e.getMessage());
    }

    @Test
    void aSingleHostConfigurationIsLeftToTheGenericMapping() throws IOException {
        // e.g. an S3 endpoint that refuses connections is not a repository-host problem
        assertTrue(classify(49, "[global]\nrepo1-type=s3\n",
                "P00  ERROR: [049]: unable to connect to 's3.example.com:443': [111] Connection refused").isEmpty());
    }

    @Test
    void unrelatedFailuresAreNotClaimed() throws IOException {
        assertTrue(classify(82, "[global]\nrepo1-host=rh\n", "P00  ERROR: [082]: WAL segment 000000010000000000000001 "
                + "was not archived before the 60000ms timeout").isEmpty());
    }
}
