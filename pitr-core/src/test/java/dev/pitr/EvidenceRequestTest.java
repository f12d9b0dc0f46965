package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.EvidencePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence request's dry run: the period as it resolves, what is read and written, nothing run (fake runner). */
class EvidenceRequestTest {
    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-15T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    FakeRunner runner;
    PgBackRest pgbr;

    @BeforeEach
    void load() {
        runner = new FakeRunner();
        pgbr = PgBackRest.configure().allowRoot(true).stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .pgPath(dir.resolve("prod")).renderConfigTo(dir.resolve("pgbackrest.conf"))
                .auditLog(dir.resolve("audit.jsonl")).commandRunner(runner).load();
    }

    @Test
    void thePlanOfTheDefaultPeriodIsTheCurrentQuarterAndNamesBothFilesWithoutRunningAnything() {
        int before = runner.specs.size();
        EvidencePlan plan = pgbr.evidence().clock(NOV_2026).reportDirectory(dir.resolve("reports")).plan();
        assertEquals(LocalDate.parse("2026-10-01"), plan.from());
        assertEquals(LocalDate.parse("2026-12-31"), plan.to());
        Path reports = dir.resolve("reports").toAbsolutePath().normalize();
        assertEquals(List.of(reports.resolve("pitr-evidence-main-2026-10-01-2026-12-31.json"),
                reports.resolve("pitr-evidence-main-2026-10-01-2026-12-31.md")), plan.files());
        assertEquals(Optional.of(dir.resolve("audit.jsonl")), plan.auditLog());
        assertTrue(plan.healthCheck().isPresent());
        String text = plan.describe();
        assertTrue(text.contains("period:     2026-10-01 to 2026-12-31"), text);
        assertTrue(text.contains("writes:     " + plan.files().get(1)), text);
        assertTrue(text.contains("governance command:"), text);
        assertEquals(before, runner.specs.size(), "a plan runs nothing");
        assertFalse(Files.exists(reports), "a plan writes nothing");
    }

    @Test
    void onlyFromEndsTodayAndOnlyToStartsOnItsQuartersFirstDay() {
        EvidencePlan fromOnly = pgbr.evidence().clock(NOV_2026).from(LocalDate.parse("2026-08-01")).plan();
        assertEquals(LocalDate.parse("2026-11-15"), fromOnly.to());
        EvidencePlan toOnly = pgbr.evidence().clock(NOV_2026).to(LocalDate.parse("2026-05-20")).plan();
        assertEquals(LocalDate.parse("2026-04-01"), toOnly.from());
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsRefusedByThePlanAsByTheRunNamingTheSetting() {
        EvidenceRequest request = pgbr.evidence().from(LocalDate.parse("2026-12-01")).to(LocalDate.parse("2026-11-01"));
        PitrConfigurationException planned = assertThrows(PitrConfigurationException.class, request::plan);
        assertEquals(Setting.EVIDENCE_FROM, planned.setting());
        PitrConfigurationException ran = assertThrows(PitrConfigurationException.class, request::collect);
        assertEquals(Setting.EVIDENCE_FROM, ran.setting());
    }

    @Test
    void aGivenHealthCheckIsTheOnePlanned() {
        HealthCheck check = pgbr.healthCheck().pgBackRestCheck(false).preflight(false);
        EvidencePlan plan = pgbr.evidence().clock(NOV_2026).healthCheck(check).plan();
        assertEquals(check.plan(), plan.healthCheck().orElseThrow());
    }
}
