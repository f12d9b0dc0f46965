package dev.pitr.internal.drill;

import dev.pitr.error.PgBackRestException;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.pg.WalSegment;
import java.util.List;

/**
 * Whether the repository's WAL archive holds one segment, asked with {@code pgbackrest repo-ls} (2.32+, so the
 * 2.45 floor has it): one small listing of the segment's archive directory, filtered to its name, that works
 * the same for posix, S3, GCS, Azure, SFTP and a repository host, encrypted or not (file names are not
 * encrypted). Archived segments are {@code <name>-<sha1>[.<compression>]}; a {@code <name>.partial-...} file
 * (the last segment of a promoted standby) and {@code <name>.<offset>.backup} history files are not segments
 * recovery fetches.
 */
final class ArchiveListing implements WalReplayProof.Archive {
    /** What the archive holds under a segment's name. */
    enum Presence {
        /** The complete segment: the restore_command could have fetched it. */
        PRESENT,
        /** Only a {@code .partial} file: recovery never fetches it. */
        PARTIAL_ONLY,
        MISSING
    }

    private final Invoker engine;
    private final int repoKey;
    private final String archiveId;

    /**
     * @param archiveId the archive of the restored database, e.g. {@code 15-1} (info's {@code archive[].id})
     */
    ArchiveListing(Invoker engine, int repoKey, String archiveId) {
        this.engine = engine;
        this.repoKey = repoKey;
        this.archiveId = archiveId;
    }

    /** Where the listing looks, for messages: {@code repo1 archive 15-1}. */
    @Override
    public String describe() {
        return "repo" + repoKey + " archive " + archiveId;
    }

    /**
     * Looks the segment up.
     *
     * @throws PgBackRestException when pgBackRest cannot list the archive (the caller reports that instead)
     */
    @Override
    public Presence presence(WalSegment segment) {
        String path = "archive/" + engine.config().stanza() + "/" + archiveId + "/" + segment.archiveDirectory();
        return classify(segment, engine.repoFiles(path, List.of("--repo=" + repoKey, "--filter=^" + segment.name())));
    }

    static Presence classify(WalSegment segment, List<String> fileNames) {
        boolean partial = false;
        for (String name : fileNames) {
            if (name.startsWith(segment.name() + "-")) {
                return Presence.PRESENT;
            }
            partial |= name.startsWith(segment.name() + ".partial");
        }
        return partial ? Presence.PARTIAL_ONLY : Presence.MISSING;
    }
}
