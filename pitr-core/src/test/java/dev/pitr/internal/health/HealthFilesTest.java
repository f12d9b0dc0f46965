package dev.pitr.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two stanzas checked into one report directory never overwrite each other's health file. */
class HealthFilesTest {
    @TempDir
    Path dir;

    @Test
    void eachStanzaHasItsOwnFileAndTheOldNameStaysWithTheStanzaThatWroteItFirst() throws IOException {
        List<Path> main = HealthFiles.write(dir, "main", "{\"stanza\":\"main\",\"n\":1}", Optional.empty());
        assertEquals(List.of(dir.resolve("pitr-health-main.json"), dir.resolve("pitr-health.json")), main);
        List<Path> other = HealthFiles.write(dir, "other", "{\"stanza\":\"other\"}", Optional.empty());
        assertEquals(List.of(dir.resolve("pitr-health-other.json")), other, "pitr-health.json holds main's report");
        HealthFiles.write(dir, "main", "{\"stanza\":\"main\",\"n\":2}", Optional.empty());
        assertTrue(Files.readString(dir.resolve("pitr-health.json")).contains("\"n\":2"));
        assertTrue(Files.readString(dir.resolve("pitr-health-other.json")).contains("other"));
        assertEquals("pitr-health-a_b.json", HealthFiles.name("a/b"));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file is left behind");
        }
    }
}
