package dev.pitr.internal.drill;

import dev.pitr.drill.StaleDrill;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.os.ProcessExit;
import dev.pitr.internal.pg.PgCtl;
import dev.pitr.internal.pg.PostgresBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drills left behind in a parent directory by JVMs that died without tearing them down (kill -9, OOM
 * killer, power cut): a {@code pitr-drill-*} directory whose marker names a JVM of this host that is no
 * longer running (pid and start time, so a reused pid does not count). Each one's postmaster, once verified
 * to belong to that data directory, is stopped ({@code pg_ctl stop -m immediate} as the directory's owner,
 * then signals), every process naming the directory is ended, and the directory is deleted. Directories
 * without a marker, kept on purpose ({@code keepScratch}), of a live JVM or of another host are left alone.
 */
public final class StaleDrills {
    private static final Logger LOG = LoggerFactory.getLogger(StaleDrills.class);
    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private final PostgresBinaries binaries;
    private final CommandRunner runner;
    private final Set<String> owners;

    /**
     * @param runAs the user drills run as: with this JVM's user, the only owners whose scratch directories count
     *              (in a world-writable parent such as /tmp anyone could plant a look-alike)
     */
    public StaleDrills(PostgresBinaries binaries, CommandRunner runner, Optional<String> runAs) {
        this.binaries = binaries;
        this.runner = runner;
        this.owners = owners(runAs);
    }

    /** Finds and cleans the stale drills directly below {@code parent}; what it cleaned, oldest first. */
    public List<StaleDrill> clean(Path parent) {
        List<StaleDrill> cleaned = new ArrayList<>();
        stale(parent, owners).forEach((scratch, marker) -> cleaned.add(clean(scratch, marker)));
        cleaned.sort(Comparator.comparing(StaleDrill::startedAt));
        return cleaned;
    }

    /**
     * The stale drills directly below {@code parent}, oldest first, as {@link #clean} would find them, touching
     * nothing: for a dry run ({@code removed} is false, the note says what cleaning would do).
     */
    public static List<StaleDrill> find(Path parent, Optional<String> runAs) {
        List<StaleDrill> found = new ArrayList<>();
        stale(parent, owners(runAs)).forEach((scratch, marker) -> {
            Optional<Long> postmaster = ScratchProcesses.postmaster(DrillCluster.dataDirectory(scratch));
            long bytes = size(scratch);
            found.add(new StaleDrill(scratch, marker.stanza(), marker.ownerPid(), marker.startedAt(), postmaster, bytes,
                    false, describe(marker) + "; cleaning would " + postmaster.map(pid -> "stop its postmaster " + pid
                            + " and ").orElse("") + "delete it (" + bytes / (1024 * 1024) + " MB)"));
        });
        found.sort(Comparator.comparing(StaleDrill::startedAt));
        return found;
    }

    /**
     * The {@code pitr-drill-*} directories below parent whose marker names a JVM of this host and PID namespace that
     * is gone, and which pitr could have made: real directories (no symlink) of a trusted owner that nobody else may
     * write, with the marker a regular file of the same owner.
     */
    private static Map<Path, DrillMarker> stale(Path parent, Set<String> owners) {
        Map<Path, DrillMarker> stale = new LinkedHashMap<>();
        if (!Files.isDirectory(parent)) {
            return stale;
        }
        List<Path> candidates;
        try (Stream<Path> s = Files.list(parent)) {
            candidates = s.filter(p -> p.getFileName().toString().startsWith("pitr-drill-")
                    && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot look for stale drills in {}: {}", parent, e.getMessage());
            return stale;
        }
        for (Path scratch : candidates) {
            if (!madeByPitr(scratch, owners)) {
                continue;
            }
            DrillMarker.read(scratch).filter(m -> !m.kept() && m.onThisHost() && m.inThisPidNamespace() && !m.ownerAlive())
                    .ifPresent(m -> stale.put(scratch, m));
        }
        return stale;
    }

    private static boolean madeByPitr(Path scratch, Set<String> owners) {
        try {
            PosixFileAttributes dir = Files.readAttributes(scratch, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Path markerFile = scratch.resolve(DrillMarker.FILE);
            if (!Files.isRegularFile(markerFile, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            PosixFileAttributes marker = Files.readAttributes(markerFile, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            boolean ok = owners.contains(dir.owner().getName()) && dir.owner().equals(marker.owner())
                    && Collections.disjoint(dir.permissions(), OTHERS_WRITE)
                    && Collections.disjoint(marker.permissions(), OTHERS_WRITE);
            if (!ok) {
                LOG.warn("{} looks like a drill but is owned by {} (mode {}), not by {}: left alone", scratch,
                        dir.owner().getName(), PosixFilePermissions.toString(dir.permissions()), owners);
            }
            return ok;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Set<String> owners(Optional<String> runAs) {
        Set<String> owners = new HashSet<>();
        owners.add(System.getProperty("user.name"));
        runAs.ifPresent(owners::add);
        return owners;
    }

    private static String describe(DrillMarker marker) {
        return "stale drill of stanza '" + marker.stanza() + "' started " + marker.startedAt() + " by JVM "
                + marker.ownerPid() + ", which is gone";
    }

    private StaleDrill clean(Path scratch, DrillMarker marker) {
        Path data = DrillCluster.dataDirectory(scratch);
        long bytes = size(scratch);
        Optional<Long> postmaster = ScratchProcesses.postmaster(data);
        List<String> done = new ArrayList<>();
        postmaster.ifPresent(pid -> {
            stop(data, pid);
            done.add("stopped its postmaster " + pid);
        });
        ScratchProcesses.endAll(scratch, Duration.ofSeconds(5));
        boolean removed;
        try {
            Ownership.deleteTree(scratch);
            removed = !Files.exists(scratch);
        } catch (RuntimeException e) {
            removed = false;
            done.add("could not delete it: " + e.getMessage());
        }
        if (removed) {
            done.add("deleted it (" + bytes / (1024 * 1024) + " MB)");
        }
        String note = describe(marker) + ": " + String.join(", ", done);
        LOG.warn("{}: {}", scratch, note);
        return new StaleDrill(scratch, marker.stanza(), marker.ownerPid(), marker.startedAt(), postmaster, bytes, removed,
                note);
    }

    private void stop(Path data, long pid) {
        Optional<String> owner = owner(data);
        try {
            new PgCtl(binaries, runner, owner).stop(data, "immediate", Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warn("pg_ctl stop of stale drill cluster {} failed ({}); signalling postmaster {}", data, e.getMessage(), pid);
        }
        if (!ProcessExit.await(pid, Duration.ofSeconds(15))) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            if (!ProcessExit.await(pid, Duration.ofSeconds(10))) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                ProcessExit.await(pid, Duration.ofSeconds(10));
            }
        }
    }

    private static Optional<String> owner(Path data) {
        try {
            return Optional.of(Files.getOwner(data).getName());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long size(Path dir) {
        AtomicLong total = new AtomicLong();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> {
                try {
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        total.addAndGet(Files.size(p));
                    }
                } catch (IOException vanished) {
                    // a file removed meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            return total.get();
        }
        return total.get();
    }
}
