package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.Secret;
import dev.pitr.drill.DrillReport;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.os.Ownership;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.ExpireResult;
import dev.pitr.operation.Operation;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real pgBackRest against a real S3 server (Adobe S3Mock over HTTPS on 127.0.0.1) with an encrypted
 * repository: stanza-create, check, full + incr with a relation file above the multipart chunk size,
 * info, PITR restore to a timestamp, expire verified against the bucket listing, and the failure modes
 * (wrong and missing cipher pass, dead endpoint, missing bucket). One S3Mock and one sandbox for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3RepositoryIT {
    private static final Logger LOG = LoggerFactory.getLogger(S3RepositoryIT.class);
    private static final String PREFIX = "s3it";
    private static final Secret PASS = Secret.of("s3-it-cipher-pass-7f3a");
    static S3MockServer s3;
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static String fullLabel;
    static String incrLabel;
    static String bigMd5;
    static Instant targetTime;
    static long countAtTarget;

    @BeforeAll
    static void start() {
        s3 = S3MockServer.start();
        LOG.info("S3Mock up after {} ms", s3.startupMillis());
        sandbox = SandboxCluster.builder().stanza("s3it")
                .repository(s3.repository("/" + PREFIX).cipher(PASS).retentionFull(2))
                // Short enough to fail fast, long enough for S3Mock deleting ~1000 objects on a loaded 2-core CI host
                // (at 5 s, expire timed out and its retry raced the still-running delete into an S3Mock 500).
                .configure(c -> c.ioTimeout(Duration.ofSeconds(30)))
                .start();
        pgbr = sandbox.pgBackRest();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    @Order(1)
    void stanzaCreateAndCheckWorkOnAnEncryptedS3Repository() {
        timed("stanza-create", () -> pgbr.stanzaCreate());
        timed("check", () -> pgbr.check());
        StanzaInfo info = pgbr.stanzaInfo();
        assertTrue(info.status().ok() || info.status().code() == 2, info.status().toString());
        assertEquals("aes-256-cbc", info.repo(1).orElseThrow().cipher());
        assertFalse(s3.objects(PREFIX + "/archive/s3it/").isEmpty(), "archive.info and WAL are in the bucket");
        assertTrue(pgbr.configuration().repositories().get(0).encrypted());
    }

    @Test
    @Order(2)
    void fullBackupUploadsARelationAboveTheChunkSizeInParts() {
        sandbox.execute("create extension if not exists pgcrypto",
                // about 8 MB of incompressible data in one relation file: above the 5 MiB upload chunk
                "create table big as select i, gen_random_bytes(1000) as b from generate_series(1, 8000) i");
        bigMd5 = sandbox.queryForString("select md5(string_agg(md5(b), '' order by i)) from big");
        String relation = sandbox.queryForString("select pg_relation_filepath('big')");
        BackupResult full = timed("full backup", () -> pgbr.backup(BackupType.FULL));
        fullLabel = full.label();
        Map<String, String> objects = s3.objects(PREFIX + "/backup/s3it/" + fullLabel + "/pg_data/" + relation);
        assertFalse(objects.isEmpty(), "relation " + relation + " is in the bucket");
        assertTrue(objects.values().stream().anyMatch(etag -> etag.matches(".*-\\d+")),
                "a multipart upload gives an ETag ending in -<parts>: " + objects);
    }

    @Test
    @Order(3)
    void incrementalBackupAndInfoShowBothSets() throws Exception {
        sandbox.execute("create table t(id int, at timestamptz default clock_timestamp())",
                "insert into t(id) select generate_series(1, 500)");
        countAtTarget = 500;
        Thread.sleep(1100);
        targetTime = Instant.parse(sandbox.queryForString("select to_char(clock_timestamp() at time zone 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
        Thread.sleep(1100);
        // A commit after the target: recovery needs one to know it has passed the target.
        sandbox.execute("insert into t(id) select generate_series(501, 800)");
        BackupResult incr = timed("incr backup", () -> pgbr.backup(BackupType.INCR));
        incrLabel = incr.label();
        assertEquals(BackupType.INCR, incr.type());
        StanzaInfo info = timed("info", () -> pgbr.stanzaInfo());
        assertTrue(info.status().ok(), info.status().toString());
        assertTrue(info.allReposOk());
        assertEquals(List.of(fullLabel, incrLabel), info.backupsIn(1).stream().map(b -> b.label()).toList());
        assertEquals(Optional.of("aes-256-cbc"), info.cipher());
    }

    @Test
    @Order(4)
    void pointInTimeDrillFromTheEncryptedS3RepositoryReachesTheTarget() {
        long t0 = System.nanoTime();
        DrillReport report = pgbr.restoreDrill()
                .target(RecoveryTarget.time(targetTime))
                .repo(1)
                .expectRowCount("t", countAtTarget)
                .assertSqlEquals("multipart-relation-intact", "select md5(string_agg(md5(b), '' order by i)) from big", bigMd5)
                .recoveryTimeout(Duration.ofMinutes(3))
                .reportDirectory(Path.of("target", "pitr-drill-s3"))
                .run();
        LOG.info("TIMING drill (restore + recovery + checks) from S3: {} ms; {}", (System.nanoTime() - t0) / 1_000_000,
                report.timings());
        assertTrue(report.passed(), () -> report.failure() + " " + report.checks());
        assertEquals(fullLabel, report.backupSet(), "a time before the incr's stop restores the full");
    }

    @Test
    @Order(5)
    void expireRemovesTheExpiredSetsObjectsFromTheBucket() {
        sandbox.execute("drop table big"); // keeps the second full small: only expire is under test here
        timed("second full backup", () -> pgbr.backup(BackupType.FULL));
        assertFalse(s3.objects(PREFIX + "/backup/s3it/" + fullLabel + "/").isEmpty());
        ExpireResult expired = timed("expire", () -> pgbr.expire().set(fullLabel).run());
        assertTrue(expired.command().exitCode() == 0);
        assertEquals(Map.of(), s3.objects(PREFIX + "/backup/s3it/" + fullLabel + "/"), "expired full is gone");
        assertEquals(Map.of(), s3.objects(PREFIX + "/backup/s3it/" + incrLabel + "/"), "its incr is gone too");
        StanzaInfo info = pgbr.stanzaInfo();
        assertEquals(1, info.backups().size());
        assertTrue(info.backup(fullLabel).isEmpty());
    }

    @Test
    @Order(6)
    void aWrongCipherPassIsACryptoError() {
        PgBackRest wrong = sibling(s3.repository("/" + PREFIX).cipher(Secret.of("not-the-pass")), "wrong-pass");
        PgBackRestException e = assertThrows(PgBackRestException.class, wrong::stanzaInfo);
        assertEquals(ErrorCode.CRYPTO, e.errorCode(), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-pass"));
    }

    @Test
    @Order(7)
    void aMissingCipherPassIsRefusedBeforeAnythingRuns() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> sibling(s3.repository("/" + PREFIX).option("cipher-type", "aes-256-cbc"), "no-pass"));
        assertEquals("repo1-cipher-pass", e.option().orElseThrow());
    }

    @Test
    @Order(8)
    void aDeadEndpointFailsWithinTheConfiguredIoTimeout() {
        int closedPort = S3MockServer.freePort();
        PgBackRest dead = sibling(s3.repository("/" + PREFIX).storagePort(closedPort).cipher(PASS), "dead",
                c -> c.ioTimeout(Duration.ofSeconds(1)).timeout(Operation.STANZA_CREATE, Duration.ofSeconds(60)));
        long t0 = System.nanoTime();
        PgBackRestException e = assertThrows(PgBackRestException.class, dead::stanzaCreate);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("TIMING dead endpoint with io-timeout=1: {} ms, {}", ms, e.getMessage());
        assertFalse(e instanceof PgBackRestTimeoutException, "pgBackRest gave up on its own: " + e.getMessage());
        assertTrue(ms < 20_000, "failed after " + ms + " ms");
        assertEquals(ErrorCode.HOST_CONNECT, e.errorCode());
        assertTrue(e.getMessage().contains("nothing answers at the repository endpoint"), e.getMessage());
    }

    @Test
    @Order(9)
    void aMissingBucketIsAClearError() {
        Repository noBucket = Repository.s3("127.0.0.1", "no-such-bucket", "us-east-1").path("/" + PREFIX)
                .s3UriStyle("path").storagePort(s3.httpsPort()).verifyTls(false)
                .s3Credentials(Secret.of("pitr-test-key"), Secret.of("pitr-test-key-secret")).cipher(PASS);
        PgBackRestException e = assertThrows(PgBackRestException.class, sibling(noBucket, "nobucket")::stanzaCreate);
        LOG.info("missing bucket: {}", e.getMessage());
        assertTrue(e.getMessage().contains("the bucket does not exist"), e.getMessage());
        assertEquals(ErrorCode.PROTOCOL, e.errorCode());
    }

    /** Another configuration for the sandbox's stanza with a different repository (nothing shared but pg1). */
    private static PgBackRest sibling(Repository repo, String name) {
        return sibling(repo, name, c -> c.ioTimeout(Duration.ofSeconds(5)));
    }

    private static PgBackRest sibling(Repository repo, String name, java.util.function.Consumer<FluentConfiguration> more) {
        Path work = Ownership.createPrivateDirectory(sandbox.directory().resolve(name), Optional.of(sandbox.user()));
        Ownership.createPrivateDirectory(work.resolve("log"), Optional.of(sandbox.user()));
        FluentConfiguration c = PgBackRest.configure().stanza("s3it").repository(repo)
                .pgPath(sandbox.dataDirectory()).pgPort(sandbox.port()).pgSocketPath(sandbox.socketDirectory())
                .workDirectory(work).renderConfigTo(work.resolve("pgbackrest.conf")).runAs(sandbox.user());
        more.accept(c);
        return c.load();
    }

    private static <T> T timed(String step, java.util.function.Supplier<T> action) {
        long t0 = System.nanoTime();
        T result = action.get();
        LOG.info("TIMING S3 {}: {} ms", step, (System.nanoTime() - t0) / 1_000_000);
        return result;
    }
}
