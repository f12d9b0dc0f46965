package dev.pitr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reading existing pgbackrest.conf files into the typed model and writing them back. */
class PgBackRestConfTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = PgBackRestConfTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** key=value lines per section, ignoring comments, blank lines and order. */
    private static Set<String> settings(String conf) {
        Set<String> out = new java.util.TreeSet<>();
        String section = "";
        for (String line : conf.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
            } else {
                out.add(section + line);
            }
        }
        return out;
    }

    @Test
    void aSecretInAStanzaSectionIsNeitherPrintedNorRenderedAgain() {
        PgBackRestConf conf = PgBackRestConf.parse("[global]\nrepo1-path=/r\n\n[main]\npg1-path=/d\n"
                + "repo1-cipher-pass=stanza-level-secret\n");
        org.junit.jupiter.api.Assertions.assertFalse(conf.toString().contains("stanza-level-secret"), conf.toString());
        org.junit.jupiter.api.Assertions.assertFalse(conf.render().contains("stanza-level-secret"), conf.render());
        org.junit.jupiter.api.Assertions.assertTrue(conf.render().contains("pg1-path=/d"), conf.render());
    }

    @Test
    void theRunbookExampleRoundTrips() throws IOException {
        String original = resource("/conf/runbook-pgbackrest.conf");
        PgBackRestConf conf = PgBackRestConf.parse(original);

        Repository repo1 = conf.repository(1).orElseThrow();
        assertEquals(RepositoryType.S3, repo1.type());
        assertEquals(Optional.of("/pgbackrest"), repo1.path());
        assertEquals(Optional.of("nbms-pgbackrest"), repo1.optionValue("s3-bucket"));
        assertEquals(Optional.of("<object-storage-endpoint>"), repo1.optionValue("s3-endpoint"));
        assertEquals(Optional.of(4), repo1.retentionFull());
        assertEquals(Optional.of(8), repo1.retentionDiff());
        assertFalse(repo1.encrypted());
        assertEquals(Optional.of("zst"), conf.globalOption("compress-type"));
        assertEquals(Optional.of("y"), conf.globalOption("start-fast"));
        assertEquals(List.of("nbms"), conf.stanzas());
        assertEquals(List.of("/var/lib/postgresql/data"), conf.stanza("nbms").get("pg1-path"));

        String rendered = conf.render();
        assertEquals(settings(original), settings(rendered), rendered);
        PgBackRestConf again = PgBackRestConf.parse(rendered);
        assertEquals(conf, again);
        assertEquals(rendered, again.render());
    }

    @Test
    void secretsInAFileBecomeSecretsAndAreNotRenderedAgain() {
        PgBackRestConf conf = PgBackRestConf.parse("""
                [global]
                repo1-path=/var/lib/pgbackrest
                repo1-cipher-type=aes-256-cbc
                repo1-cipher-pass=from-the-file
                repo2-type=s3
                repo2-s3-key=AKIA
                """);
        Repository repo1 = conf.repository(1).orElseThrow();
        assertEquals(RepositoryType.POSIX, repo1.type());
        assertTrue(repo1.encrypted());
        assertEquals("from-the-file", repo1.secrets().get("cipher-pass").reveal());
        assertEquals(Set.of("s3-key"), conf.repository(2).orElseThrow().secrets().keySet());
        assertFalse(conf.render().contains("from-the-file"));
        assertFalse(conf.toString().contains("from-the-file"));
    }

    @Test
    void commandSectionsRepeatedOptionsAndStanzaOverridesAreKept() {
        String text = """
                # comment
                [global]
                exclude=pg_log/
                exclude=tmp/

                [global:archive-push]
                compress-level=3

                [main]
                pg1-path=/data
                repo1-retention-full=7
                """;
        PgBackRestConf conf = PgBackRestConf.parse(text);
        assertEquals(List.of("pg_log/", "tmp/"), conf.globalOptions().get("exclude"));
        assertEquals(List.of("main"), conf.stanzas());
        assertEquals(List.of("7"), conf.stanza("main").get("repo1-retention-full"));
        assertEquals(java.util.Optional.of(7), conf.repositories("main").get(0).retentionFull(),
                "a stanza's repo option overrides [global]");
        assertTrue(conf.repositories().isEmpty());
        assertEquals(settings(text), settings(conf.render()));
        assertEquals(conf, PgBackRestConf.parse(conf.render()));
    }

    @Test
    void aMalformedLineNamesItsNumber() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> PgBackRestConf.parse("[global]\nrepo1-path=/r\nthis is not an option\n"));
        assertEquals(Setting.CONFIG_FILE, e.setting());
        assertEquals("repo1-type", assertThrows(PitrConfigurationException.class,
                () -> PgBackRestConf.parse("[global]\nrepo1-type=sftp\n")).option().orElseThrow());
    }

    @Test
    void theParsedRepositoriesDriveATypedConfiguration() {
        PgBackRestConf conf = PgBackRestConf.parse("[global]\nrepo1-path=/var/lib/pgbackrest\nrepo1-retention-full=2\n"
                + "repo2-type=s3\nrepo2-s3-endpoint=s3.example.test\nrepo2-s3-bucket=b\nrepo2-s3-region=r\n");
        assertEquals(Set.of(1, 2), conf.repositories().stream().map(r -> r.number().orElseThrow()).collect(Collectors.toSet()));
        assertEquals(Optional.of(2), conf.repository(1).orElseThrow().retentionFull());
    }
}
