package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pitr.drill.StaleDrill;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stale-drill cleanup stops processes and deletes trees, often as root, in a world-writable parent (/tmp): only
 * directories pitr could have made count. Look-alikes anyone can plant are left alone.
 */
class StaleDrillLookAlikeTest {
    @TempDir
    Path parent;

    @Test
    void onlyARealDirectoryOfATrustedOwnerNobodyElseMayWriteCountsAsAStaleDrill() throws Exception {
        Path genuine = drill("pitr-drill-s-genuine");
        Path target = drill("elsewhere");
        Files.createSymbolicLink(parent.resolve("pitr-drill-s-symlink"), target);
        Path worldWritable = drill("pitr-drill-s-open");
        Files.setPosixFilePermissions(worldWritable, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path markerLink = Files.createDirectory(parent.resolve("pitr-drill-s-markerlink"));
        Files.createSymbolicLink(markerLink.resolve(DrillMarker.FILE), genuine.resolve(DrillMarker.FILE));

        List<Path> found = StaleDrills.find(parent, Optional.empty()).stream().map(StaleDrill::scratchDirectory)
                .toList();

        assertEquals(List.of(genuine), found);
    }

    @Test
    void aDirectoryOfAnotherUserIsLeftAloneUnlessDrillsRunAsThatUser() throws Exception {
        Path foreign = drill("pitr-drill-s-foreign");
        UserPrincipal nobody;
        try {
            nobody = parent.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(foreign.resolve(DrillMarker.FILE), nobody);
            Files.setOwner(foreign, nobody);
        } catch (IOException | UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a directory to 'nobody' here: " + e);
            return;
        }

        assertEquals(List.of(), StaleDrills.find(parent, Optional.empty()));
        assertEquals(List.of(foreign), StaleDrills.find(parent, Optional.of("nobody")).stream()
                .map(StaleDrill::scratchDirectory).toList());
    }

    /** A scratch directory as a drill makes it, with the marker of a JVM that is gone. */
    private Path drill(String name) throws Exception {
        Path dir = Files.createDirectory(parent.resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        DrillMarker mine = DrillMarker.ofThisJvm("s");
        new DrillMarker(deadPid(), mine.ownerStartedAt(), mine.host(), mine.bootId(), mine.pidNamespace(), "s",
                mine.startedAt(), Optional.empty(), false).write(dir, Optional.empty());
        return dir;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
