package dev.pitr.internal.timeline;

import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.exec.DaemonThreads;
import dev.pitr.operation.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the WAL archive of a stanza's current database through pgBackRest itself ({@code repo-ls} and
 * {@code repo-get}, so any repository type, a repository host and encryption work as for every other
 * command): the history files with their repository times and contents, and the time of the newest archived
 * segment. Read-only; whatever cannot be read is reported in the snapshot's problems, never thrown.
 */
public final class ArchiveReader {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveReader.class);
    /** More history files than this are not read (each costs a repo-get); the newest are kept. */
    private static final int MAX_HISTORY_FILES = 32;

    private ArchiveReader() {
    }

    /** The archive of the repository {@code repo} (default: the first repository that has an archive). */
    public static ArchiveSnapshot read(Invoker engine, StanzaInfo info, Optional<Integer> repo) {
        Optional<ArchiveInfo> archive = info.archives().stream()
                .filter(a -> repo.isEmpty() || a.repoKey() == repo.get())
                .max(Comparator.comparingInt(ArchiveInfo::dbId).thenComparing(a -> -a.repoKey()));
        if (archive.isEmpty() || archive.get().id().isEmpty()) {
            return ArchiveSnapshot.none();
        }
        ArchiveInfo a = archive.get();
        String base = "archive/" + engine.config().stanza() + "/" + a.id();
        List<String> repoOption = info.repos().size() > 1 || repo.isPresent() ? List.of("--repo=" + a.repoKey()) : List.of();
        List<String> problems = new ArrayList<>();
        // The newest segment's time is listed while the history files are read: two pgBackRest runs side by side.
        CompletableFuture<Optional<Instant>> newest = CompletableFuture.completedFuture(Optional.empty());
        if (a.max().isPresent() && a.max().get().length() >= 24) {
            String wal = a.max().get();
            newest = CompletableFuture.supplyAsync(() -> list(engine, base + "/" + WalFile.archiveDirectory(wal),
                    "^" + wal, repoOption).values().stream().max(Comparator.naturalOrder()),
                    DaemonThreads.named("pitr-archive-newest"));
        }
        TimelineHistory history = history(engine, base, repoOption, problems);
        Optional<Instant> segmentTime = Optional.empty();
        try {
            segmentTime = newest.join();
        } catch (CompletionException e) {
            problems.add("the time of the newest archived WAL " + a.max().orElse("") + " could not be read: "
                    + e.getCause().getMessage());
        }
        problems.forEach(p -> LOG.warn("WAL archive of stanza '{}': {}", engine.config().stanza(), p));
        return new ArchiveSnapshot(history, a.max(), segmentTime, problems);
    }

    private static TimelineHistory history(Invoker engine, String base, List<String> repoOption, List<String> problems) {
        Map<String, Instant> files;
        try {
            files = list(engine, base, "\\.history$", repoOption);
        } catch (RuntimeException e) {
            problems.add("the timeline history files could not be listed: " + e.getMessage());
            return TimelineHistory.none();
        }
        Map<Integer, Instant> created = new TreeMap<>();
        files.forEach((name, time) -> WalFile.historyTimeline(name).ifPresent(t -> created.put(t, time)));
        List<Integer> newestFirst = new ArrayList<>(created.keySet());
        newestFirst.sort(Comparator.reverseOrder());
        Map<Integer, List<TimelineSwitch>> ancestry = new LinkedHashMap<>();
        for (int timeline : newestFirst.subList(0, Math.min(MAX_HISTORY_FILES, newestFirst.size()))) {
            String file = base + "/" + WalFile.historyFile(timeline);
            try {
                String text = engine.runOnRepository(Operation.REPO_GET, List.copyOf(repoOption), file).stdout();
                ancestry.put(timeline, TimelineSwitch.parse(text));
            } catch (RuntimeException e) {
                problems.add("history file " + file + " could not be read: " + e.getMessage());
            }
        }
        return new TimelineHistory(ancestry, created);
    }

    /**
     * {@code repo-ls --output=json --filter=...}: file name to repository modification time, sorted by name;
     * a file whose time repo-ls did not report is left out (an unknown time must not pass for 1970).
     */
    private static Map<String, Instant> list(Invoker engine, String path, String filter, List<String> repoOption) {
        List<String> options = new ArrayList<>(List.of("--filter=" + filter));
        options.addAll(repoOption);
        Map<String, Instant> files = new TreeMap<>();
        engine.repoFileTimes(path, options).forEach((name, time) -> {
            if (!Instant.EPOCH.equals(time)) {
                files.put(name, time);
            }
        });
        return files;
    }
}
