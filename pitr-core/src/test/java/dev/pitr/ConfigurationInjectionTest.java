package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.ConfRenderer;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.CommandResult;
import dev.pitr.restore.RecoveryTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 2: a restore-point name holding a quote and a line break was written by pgBackRest into the
 * restored postgresql.auto.conf, where an injected recovery_end_command ran. Every value pitr lets reach a
 * PostgreSQL or pgBackRest configuration file is refused, with the setting and the fix, before anything runs
 * (the fake runner records that nothing ran), or escaped so that it round-trips exactly.
 */
class ConfigurationInjectionTest {
    /** What the adversarial test used, and its relatives: each would end a value and start a setting. */
    static final List<String> INJECTIONS = List.of(
            "x'\nrecovery_end_command = 'touch /tmp/pitr-pwned'\n#",
            "x\rrecovery_end_command = 'touch /tmp/pitr-pwned'",
            "x\u0000y", "x\ty", "x\u001b[2Jy", "x\u2028recovery_end_command='id'", "x\u0085y");
    /** PostgreSQL settings a recovery option may name, the command-running ones first. */
    static final List<String> RECOVERY_OPTIONS = List.of("restore_command", "archive_cleanup_command",
            "recovery_end_command", "primary_conninfo", "primary_slot_name", "recovery_min_apply_delay", "hot_standby",
            "max_standby_streaming_delay", "wal_receiver_timeout", "promote_trigger_file", "my_extension.setting");

    @TempDir
    Path dir;
    PgBackRest pgbr;
    int ran;

    @BeforeEach
    void load() {
        pgbr = PgBackRest.configure().allowRoot(true).stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .pgPath(dir.resolve("prod")).renderConfigTo(dir.resolve("pgbackrest.conf"))
                .commandRunner(spec -> {
                    ran++;
                    return new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO, List.of()),
                            "pgBackRest 2.45\n", false);
                }).load();
        ran = 0;
    }

    @Test
    void everyRecoveryTargetTypeRefusesControlCharacters() {
        for (String bad : INJECTIONS) {
            refused(Setting.TARGET, () -> RecoveryTarget.name(bad));
            refused(Setting.TARGET, () -> RecoveryTarget.xid("123" + bad));
            refused(Setting.TARGET, () -> RecoveryTarget.lsn("0/3000060" + bad));
            refused(Setting.TARGET, () -> RecoveryTarget.parse("time", "2026-02-24 10:30:00+00" + bad));
            refused(Setting.TARGET, () -> RecoveryTarget.parse("", "2026-02-24T10:30:00Z" + bad));
            refused(Setting.TARGET, () -> RecoveryTarget.parse("name", bad));
            refused(Setting.TARGET_TIMELINE, () -> pgbr.restore().timeline("latest" + bad));
        }
        refused(Setting.TARGET_TIMELINE, () -> pgbr.restore().timeline("current' recovery_end_command='id"));
        refused(Setting.TARGET, () -> RecoveryTarget.name("n".repeat(64)));
        assertEquals(0, ran, "nothing ran");
    }

    @Test
    void aRestorePointNameWithQuotesSpacesAndBackslashesIsEscapedToRoundTrip() {
        RecoveryTarget name = RecoveryTarget.name("it's a \\ name; recovery_end_command='id'");
        // pgBackRest writes recovery_target_name = '<value>' as is: PostgreSQL reads back exactly the name.
        assertEquals("it''s a \\\\ name; recovery_end_command=''id''", name.value().orElseThrow());
        assertEquals("name it's a \\ name; recovery_end_command='id'", name.describe());
        List<String> options = pgbr.restore().target(name).pgPath(Path.of("/srv/restore")).options();
        assertTrue(options.contains("--target=it''s a \\\\ name; recovery_end_command=''id''"), options.toString());
        assertEquals(RecoveryTarget.name("ünïcödé 名前").value().orElseThrow(), "ünïcödé 名前");
    }

    @Test
    void everyRecoveryOptionRefusesControlCharactersInNameAndValueAndEscapesQuotes() {
        for (String option : RECOVERY_OPTIONS) {
            for (String bad : INJECTIONS) {
                refused(Setting.RECOVERY_OPTION, () -> pgbr.restore().recoveryOption(option, bad));
            }
            List<String> options = pgbr.restore().recoveryOption(option, "it's \\ fine").pgPath(Path.of("/srv/r")).options();
            assertTrue(options.contains("--recovery-option=" + option + "=it''s \\\\ fine"), options.toString());
        }
        for (String badName : List.of("a\nb", "recovery_end_command = 'id'", "x y", "", "a=b", "1abc", "a..b")) {
            refused(Setting.RECOVERY_OPTION, () -> pgbr.restore().recoveryOption(badName, "v"));
        }
        refused(Setting.RECOVERY_OPTION, () -> pgbr.restore().recoveryOption("recovery_end_command",
                null));
        assertEquals(0, ran, "nothing ran");
    }

    @Test
    void otherRestoreValuesRefuseControlCharactersAndPathsReachingRestoreCommandRefuseMetacharacters() {
        for (String bad : INJECTIONS) {
            refused(Setting.RESTORE_SET, () -> pgbr.restore().set("20260224-100000F" + bad));
            refused(Setting.DB_INCLUDE, () -> pgbr.restore().dbInclude("app" + bad));
            refused(Setting.DB_EXCLUDE, () -> pgbr.restore().dbExclude("app" + bad));
            refused(Setting.LINK_MAP, () -> pgbr.restore().linkMap("pg_wal" + bad, Path.of("/srv/wal")));
            if (!bad.contains("\0")) { // a NUL cannot even be a Path
                refused(Setting.LINK_MAP, () -> pgbr.restore().linkMap("pg_wal", Path.of("/srv/wal" + bad)));
                refused(Setting.TABLESPACE_MAP_ALL, () -> pgbr.restore().tablespaceMapAll(Path.of("/srv/ts" + bad)));
                refused(Setting.RESTORE_PG_PATH, () -> pgbr.restore().pgPath(Path.of("/srv/r" + bad)).options());
            }
            refused(Setting.BACKUP_ANNOTATION, () -> pgbr.backup().annotation("k", "v" + bad));
            refused(Setting.BACKUP_ANNOTATION, () -> pgbr.backup().annotation("k" + bad, "v"));
            refused(Setting.ANNOTATE, () -> pgbr.annotate("20260224-100000F", Map.of("k", "v" + bad)));
        }
        // restore_command = 'pgbackrest --pg1-path=... archive-get %f "%p"' runs through /bin/sh.
        for (String meta : List.of("'", "\"", "$(id)", "`id`", ";id", "|id", "&id", "%p", "\\", "*", "<", ">", "#")) {
            refused(Setting.RESTORE_PG_PATH, () -> pgbr.restore().pgPath(Path.of("/srv/r" + meta)).options());
            refused(Setting.DRILL_DIRECTORY, () -> pgbr.restoreDrill().directory(Path.of("/tmp/d" + meta)).settings());
        }
        assertEquals("--pg1-path=/srv/my restore-1.2_x+y,z:w@v=u", pgbr.restore()
                .pgPath(Path.of("/srv/my restore-1.2_x+y,z:w@v=u")).options().get(0));
        assertEquals(0, ran, "nothing ran");
    }

    @Test
    void aDrillRoleThatWouldBreakOutOfPgHbaIsRefused() {
        for (String bad : INJECTIONS) {
            refused(Setting.DRILL_DATABASE_USER, () -> dev.pitr.internal.drill.DrillClusterAccess.requireHbaRole("app" + bad));
        }
        refused(Setting.DRILL_DATABASE_USER, () -> dev.pitr.internal.drill.DrillClusterAccess.requireHbaRole("app\" trust"));
    }

    @Test
    void everyValueRenderedIntoPgbackrestConfRefusesControlCharacters() {
        for (String bad : INJECTIONS) {
            refused(Setting.GLOBAL_OPTION, "compress-type", () -> configure().globalOption("compress-type", "zst" + bad).load());
            refused(Setting.STANZA_OPTION, "archive-timeout", () -> configure().stanzaOption("archive-timeout", "60" + bad).load());
            refused(Setting.PG_USER, "pg1-user", () -> configure().pgUser("postgres" + bad).load());
            if (!bad.contains("\0")) {
                refused(Setting.PG_PATH, "pg1-path", () -> configure().pgPath(Path.of("/srv/pg" + bad)).load());
                refused(Setting.REPOSITORY, "repo1-path", () -> ConfRenderer.render("main", List.of(Repository.posix(Path.of("/r" + bad))
                        .number(1)), Map.of(), Map.of()));
            }
            refused(Setting.REPOSITORY, "repo1-s3-bucket", () -> ConfRenderer.render("main", List.of(Repository.s3("s3.example", "b" + bad,
                    "us-east-1").number(1)), Map.of(), Map.of()));
        }
        refused(Setting.GLOBAL_OPTION, "compress type", () -> configure().globalOption("compress type", "zst").load());
        refused(Setting.GLOBAL_OPTION, "log-path\\nrecovery-option", () -> configure().globalOption("log-path\nrecovery-option", "x").load());
        for (String meta : List.of("'", "$(id)", "%f", "\n", "\"")) {
            refused(Setting.EXECUTABLE, () -> configure().executable("/usr/bin/pgbackrest" + meta).load());
            refused(Setting.RENDER_CONFIG_TO, () -> configure().renderConfigTo(dir.resolve("p" + meta + ".conf")).load());
        }
        assertEquals(0, ran, "nothing ran: every refusal came before the version check");
    }

    private FluentConfiguration configure() {
        // Unit tests run as root in CI: allowRoot keeps the run-as rule (tested on its own) out of these refusals.
        return PgBackRest.configure().allowRoot(true).stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .renderConfigTo(dir.resolve("pgbackrest.conf")).commandRunner(spec -> {
                    ran++;
                    return new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO, List.of()),
                            "pgBackRest 2.45\n", false);
                });
    }

    private static void refused(Setting setting, Executable call) {
        refused(setting, null, call);
    }

    /** Refused naming the setting (and the pgBackRest option, when given), the fix, on one line. */
    private static void refused(Setting setting, String option, Executable call) {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, call, setting.apiName());
        assertEquals(setting, e.setting(), e.getMessage());
        if (option != null) {
            assertEquals(java.util.Optional.of(option), e.option(), e.getMessage());
        }
        assertTrue(!e.fix().isEmpty(), "names the fix: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\r"), "the message stays one line: "
                + e.getMessage());
    }
}
