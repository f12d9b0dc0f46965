package dev.pitr.internal.drill.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every parameter that names a command, file, library, host or peer is reviewed: the STRING parameters of
 * PostgreSQL 15 and 17 (their real {@code postgres --describe-config}, kept as fixtures; the server installed
 * here is {@link InstalledParameterReviewIT}'s). A new major version with a new parameter of that kind fails this test until it is
 * reviewed in {@link ParameterReview}.
 */
class ParameterReviewTest {
    /** Non-string parameters that reach outside a server, reviewed by name. */
    private static final Set<String> REACHING = Set.of("archive_mode", "ssl", "logging_collector", "bonjour",
            "sync_replication_slots", "hot_standby", "huge_pages", "recovery_min_apply_delay", "port",
            "unix_socket_permissions");

    @Test
    void everyStringParameterOfPostgres15And17IsReviewed() throws IOException {
        for (String fixture : List.of("describe-config-pg15.tsv", "describe-config-pg17.tsv")) {
            assertReviewed(fixture, KnownParameters.parse(resource(fixture)));
        }
    }

    @Test
    void theNeutralisedValuesAreHarmlessAndTheDocsListEveryParameterTheDrillChanges() throws IOException {
        ParameterReview.neutralised().forEach((name, value) -> assertTrue(Set.of("''", "off", "'stderr'").contains(value),
                name + " = " + value));
        String docs = Files.readString(Path.of("..", "docs", "restore-drills.md"));
        for (ParameterReview.Review r : ParameterReview.all()) {
            if (r.treatment() != ParameterReview.Treatment.KEPT) {
                assertTrue(docs.contains("`" + r.name() + "`"), "docs/restore-drills.md names " + r.name());
            }
        }
    }

    @Test
    void outreachLibrariesAreRemovedFromThePreloadListAndOthersKept() {
        assertEquals(Optional.of("pg_stat_statements, timescaledb"), NeutralisedSettings.withoutOutreach(
                "pg_stat_statements, pg_cron, \"$libdir/pg_net.so\", timescaledb,pglogical"));
        assertEquals(Optional.empty(), NeutralisedSettings.withoutOutreach("pg_stat_statements,auto_explain"));
        assertEquals(Optional.of(""), NeutralisedSettings.withoutOutreach("pg_cron"));
    }

    static void assertReviewed(String source, KnownParameters known) {
        List<String> missing = known.all().stream()
                .filter(p -> p.type().equals("STRING") || REACHING.contains(p.name()))
                .map(KnownParameters.Parameter::name)
                .filter(n -> ParameterReview.of(n).isEmpty())
                .toList();
        assertTrue(missing.isEmpty(), source + ": review these parameters in ParameterReview: " + missing);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ParameterReviewTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
