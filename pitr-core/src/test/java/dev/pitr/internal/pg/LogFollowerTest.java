package dev.pitr.internal.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
    @TempDir
    Path dir;

    @Test
    void eachCallReturnsTheCompleteLinesWrittenSinceTheLastAndKeepsAPartialLineForLater() throws Exception {
        Path log = dir.resolve("server.log");
        LogFollower f = new LogFollower(log);
        assertEquals(List.of(), f.newLines(), "no file yet");
        Files.writeString(log, "one\ntw");
        assertEquals(List.of("one"), f.newLines());
        Files.writeString(log, "o\nthree\n", StandardOpenOption.APPEND);
        assertEquals(List.of("two", "three"), f.newLines());
        assertEquals(List.of(), f.newLines());
    }

    @Test
    void aTruncatedLogIsReadFromItsStart() throws Exception {
        Path log = dir.resolve("server.log");
        LogFollower f = new LogFollower(log);
        Files.writeString(log, "a long first line\n");
        f.newLines();
        Files.writeString(log, "new\n");
        assertEquals(List.of("new"), f.newLines());
    }
}
