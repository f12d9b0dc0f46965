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
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.os.Ownership;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two repositories for one stanza: repo1 an encrypted posix directory, repo2 an encrypted S3 bucket
 * (S3Mock), each with its own pass. Backups go to a chosen repository, info merges both with a status per
 * repository, and when repo1 is lost the cluster is restored from repo2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiRepositoryIT {
    private static final Logger LOG = LoggerFactory.getLogger(MultiRepositoryIT.class);
    private static final Secret POSIX_PASS = Secret.of("posix-repo-pass-91c2");
    private static final Secret S3_PASS = Secret.of("s3-repo-pass-4be0");
    static S3MockServer s3;
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static Path posixRepo;
    static String repo1Label;
    static String repo2Label;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3MockServer.start();
        posixRepo = Files.createTempDirectory(Path.of("/tmp"), "pitr-multirepo-");
        Ownership.chown(posixRepo, Optional.of(dev.pitr.internal.os.RunAs.defaultServerUser()));
        sandbox = SandboxCluster.builder().stanza("multi")
                .repository(Repository.posix(posixRepo.resolve("repo")).cipher(POSIX_PASS).retentionFull(2))
                .repository(s3.repository("/multi").cipher(S3_PASS).retentionFull(2))
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
        if (posixRepo != null) {
            Ownership.deleteTree(posixRepo);
        }
    }

    @Test
    @Order(1)
    void stanzaCreateAndCheckCoverBothRepositories() {
        pgbr.stanzaCreate();
        pgbr.check();
        StanzaInfo info = pgbr.stanzaInfo();
        assertEquals(List.of(1, 2), info.repos().stream().map(r -> r.key()).toList());
        assertTrue(info.repos().stream().allMatch(r -> "aes-256-cbc".equals(r.cipher())), info.repos().toString());
        assertFalse(s3.objects("multi/archive/multi/").isEmpty());
    }

    @Test
    @Order(2)
    void backupsGoToTheChosenRepositoryAndInfoMergesThem() {
        sandbox.execute("create table t(id int)", "insert into t select generate_series(1, 100)");
        long t0 = System.nanoTime();
        BackupResult toPosix = pgbr.backup().type(BackupType.FULL).repo(1).run();
        long posixMs = (System.nanoTime() - t0) / 1_000_000;
        sandbox.execute("insert into t select generate_series(101, 250)");
        t0 = System.nanoTime();
        BackupResult toS3 = pgbr.backup().type(BackupType.FULL).repo(2).run();
        long s3Ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("TIMING full backup, same cluster: posix repo1 {} ms, S3 repo2 {} ms", posixMs, s3Ms);
        repo1Label = toPosix.label();
        repo2Label = toS3.label();
        assertEquals(Optional.of(1), toPosix.repo());
        assertEquals(Optional.of(2), toS3.repo());

        StanzaInfo info = pgbr.stanzaInfo();
        assertTrue(info.allReposOk(), info.repos().toString());
        assertEquals(List.of(repo1Label), info.backupsIn(1).stream().map(b -> b.label()).toList());
        assertEquals(List.of(repo2Label), info.backupsIn(2).stream().map(b -> b.label()).toList());
        StanzaInfo onlyS3 = info.forRepo(2);
        assertEquals(repo2Label, onlyS3.latestFull().orElseThrow().label());
        assertTrue(onlyS3.status().ok());
        assertFalse(s3.objects("multi/backup/multi/" + repo2Label + "/").isEmpty());
        assertTrue(s3.objects("multi/backup/multi/" + repo1Label + "/").isEmpty(), "repo1's backup is not in S3");
    }

    @Test
    @Order(3)
    void eachRepositoryDrillsItsOwnBackup() {
        long t0 = System.nanoTime();
        DrillReport posix = pgbr.restoreDrill().repo(1).target(RecoveryTarget.immediate()).expectRowCount("t", 100)
                .recoveryTimeout(Duration.ofMinutes(3)).reportDirectory(Path.of("target", "pitr-drill-multirepo-1")).run();
        long posixMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(posix.passed(), () -> posix.failure() + " " + posix.checks());
        assertEquals(repo1Label, posix.backupSet());
        t0 = System.nanoTime();
        DrillReport s3Drill = pgbr.restoreDrill().repo(2).target(RecoveryTarget.immediate()).expectRowCount("t", 250)
                .recoveryTimeout(Duration.ofMinutes(3)).reportDirectory(Path.of("target", "pitr-drill-multirepo-2")).run();
        long s3Ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(s3Drill.passed(), () -> s3Drill.failure() + " " + s3Drill.checks());
        LOG.info("TIMING drill, same cluster: posix repo1 {} ms {}, S3 repo2 {} ms {}", posixMs, posix.timings(), s3Ms,
                s3Drill.timings());
    }

    @Test
    @Order(4)
    void theEncryptedPosixRepositoryRefusesAWrongPass() {
        Path work = Ownership.createPrivateDirectory(sandbox.directory().resolve("wrong"), Optional.of(sandbox.user()));
        PgBackRest wrong = PgBackRest.configure().stanza("multi")
                .repository(Repository.posix(posixRepo.resolve("repo")).cipher(Secret.of("wrong-posix-pass")))
                .pgPath(sandbox.dataDirectory()).workDirectory(work).renderConfigTo(work.resolve("pgbackrest.conf"))
                .runAs(sandbox.user()).load();
        PgBackRestException e = assertThrows(PgBackRestException.class, wrong::stanzaInfo);
        assertEquals(ErrorCode.CRYPTO, e.errorCode(), e.getMessage());
    }

    @Test
    @Order(5)
    void whenRepo1IsLostTheClusterIsRestoredFromRepo2() throws IOException {
        String countAtRepo2Backup = "250";
        try (Stream<Path> children = Files.list(posixRepo.resolve("repo"))) {
            children.forEach(Ownership::deleteTree);
        }
        StanzaInfo info = pgbr.stanzaInfo();
        LOG.info("after losing repo1: {}", info.repos());
        assertFalse(info.repo(1).orElseThrow().status().ok(), "repo1 reports its loss");
        assertTrue(info.repo(2).orElseThrow().status().ok(), "repo2 is still fine");
        assertFalse(info.allReposOk());
        assertTrue(info.backupsIn(1).isEmpty());

        long t0 = System.nanoTime();
        DrillReport report = pgbr.restoreDrill()
                .repo(2)
                .target(RecoveryTarget.immediate())
                .expectRowCount("t", Long.parseLong(countAtRepo2Backup))
                .recoveryTimeout(Duration.ofMinutes(3))
                .reportDirectory(Path.of("target", "pitr-drill-multirepo"))
                .run();
        LOG.info("TIMING drill from S3 repo2: {} ms; {}", (System.nanoTime() - t0) / 1_000_000, report.timings());
        assertTrue(report.passed(), () -> report.failure() + " " + report.checks());
        assertEquals(repo2Label, report.backupSet());
    }
}
