package dev.pitr.internal.drill;

import dev.pitr.config.PitrConfiguration;
import dev.pitr.internal.CommandLine;
import dev.pitr.internal.conf.ConfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the drill cluster gets its WAL: pgBackRest's asynchronous {@code archive-get}, which fetches the segments
 * after the one PostgreSQL asks for in parallel into a spool inside the drill's scratch directory, so replay
 * never waits for a fetch; or, when turned off, the plain one-segment-at-a-time {@code archive-get} pgBackRest
 * writes by default.
 *
 * <p>The restore_command is pitr's own, handed to pgBackRest's restore as {@code --recovery-option}, and keeps
 * everything of the drill inside its scratch directory: the spool ({@code spool-path}), the lock the
 * asynchronous process takes ({@code lock-path}: production's own asynchronous archiving on the same host takes
 * the same stanza's archive lock in the configured lock path, and the drill would wait for it), and the log of
 * the asynchronous process ({@code log-path}). {@code archive-get} only reads the repository.
 *
 * @param async        whether WAL is fetched ahead
 * @param processes    parallel fetch processes ({@code process-max} of archive-get)
 * @param queueBytes   how much WAL may wait in the spool ({@code archive-get-queue-max}, in bytes: every pgBackRest
 *                     version reads a plain byte count alike)
 * @param spool        the spool directory, inside the scratch directory
 * @param why          how the figures were chosen, for the plan and the log
 */
public record WalPrefetch(boolean async, int processes, long queueBytes, Path spool, String why) {
    static final long MIB = 1024L * 1024;
    /** pgBackRest's own default queue: enough for a local repository, which fetches far faster than replay. */
    static final long DEFAULT_QUEUE = 128 * MIB;
    /**
     * The most WAL one asynchronous run fetches by default. The queue holds the WAL to replay up to this: replay then
     * takes segment after segment from the spool (see {@link #recoveryOptions}), and a longer span costs one short wait
     * per this much WAL while the next run starts.
     */
    static final long MAX_AUTO_QUEUE = 1024 * MIB;
    /** The queue takes at most this share of the disk left after the restore. */
    static final double DISK_SHARE = 0.10;
    /** Network repositories (object stores, a repository host): fetches wait on round trips, not on CPU. */
    static final int MAX_REMOTE_PROCESSES = 8;
    /**
     * A path the restore_command's shell (inside double quotes) and PostgreSQL's {@code %} substitution both read as
     * nothing but a path: the characters a drill directory may have.
     */
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9 _./+,:@=-]*");

    /** What the host and the backup say, for {@link #choose}. */
    record Facts(int cores, long freeBytesAfterRestore, long walBytes, long segmentSize, boolean networkRepository) {
    }

    /**
     * The fetch-ahead for this drill: on unless turned off; processes = cores for a local repository (fetching is
     * decompression, bound by CPU), twice that for a network one (bound by round trips, at most
     * {@value #MAX_REMOTE_PROCESSES}); the queue holds the WAL to replay (plus one segment), at least pgBackRest's
     * 128 MiB (four segments per process when the WAL to replay is unknown), no more than {@value #MAX_AUTO_QUEUE}
     * bytes or a tenth of the disk left after the restore. Explicit settings win.
     */
    static WalPrefetch choose(ReplaySettings settings, Facts facts, Path scratch) {
        Path spool = spool(scratch);
        boolean async = settings.archiveAsync().orElse(true);
        int processes = settings.archiveGetProcessMax().orElseGet(() -> facts.networkRepository()
                ? Math.min(MAX_REMOTE_PROCESSES, 2 * facts.cores()) : facts.cores());
        processes = Math.max(1, processes);
        long queue;
        String queueWhy;
        if (settings.archiveGetQueueMax().isPresent()) {
            queue = settings.archiveGetQueueMax().get();
            queueWhy = "archiveGetQueueMax";
        } else {
            // Since replay takes what is queued without calling archive-get (recoveryOptions), a run of the
            // asynchronous archive-get should queue all the WAL to replay.
            long span = facts.walBytes() > 0 ? facts.walBytes() + facts.segmentSize() : 0;
            long wanted = wantedQueue(facts.walBytes(), facts.segmentSize(), processes);
            long disk = facts.freeBytesAfterRestore() > 0 ? (long) (facts.freeBytesAfterRestore() * DISK_SHARE) : wanted;
            queue = Math.max(Math.min(Math.min(wanted, MAX_AUTO_QUEUE), disk), facts.segmentSize());
            queueWhy = queue == span ? "the WAL to replay" : queue == DEFAULT_QUEUE && span > 0
                    ? "pgBackRest's default, more than the WAL to replay" : queue == wanted ? "4 segments per process"
                    : queue == MAX_AUTO_QUEUE ? "the most one fetch run queues by default"
                    : queue == facts.segmentSize() ? "one segment" : "a tenth of the free disk";
        }
        String why = async ? processes + " process" + (processes == 1 ? "" : "es") + " ("
                + (settings.archiveGetProcessMax().isPresent() ? "archiveGetProcessMax"
                        : facts.networkRepository() ? "2 per core, network repository" : "1 per core")
                + "), queue " + mib(queue) + " (" + queueWhy + ")" : "off (archiveAsync=false): one segment per fetch";
        return new WalPrefetch(async, processes, queue, spool, why);
    }

    /**
     * The queue a drill asks for before the disk's share and {@value #MAX_AUTO_QUEUE} cap it: the WAL to replay plus
     * one segment, at least pgBackRest's default; four segments per process when the WAL to replay is unknown.
     */
    static long wantedQueue(long walBytes, long segmentSize, int processes) {
        return Math.max(DEFAULT_QUEUE, walBytes > 0 ? walBytes + segmentSize : 4L * processes * segmentSize);
    }

    /** The drill's spool, lock and log of the asynchronous archive-get, all inside its scratch directory. */
    static Path spool(Path scratch) {
        return scratch.resolve("wal-spool");
    }

    /**
     * The recovery options for pgBackRest's restore: empty when WAL is not fetched ahead (pgBackRest then writes its
     * own restore_command), else the restore_command pgBackRest would write plus the asynchronous options. Like
     * pgBackRest's, it runs the configuration's {@code cmd} when one is set (a wrapper, another install), else the
     * executable pitr runs.
     *
     * <p>In front of it, a segment the asynchronous archive-get already queued in the drill's spool is renamed into
     * place by the shell PostgreSQL runs the command in, as archive-get itself would do with it: the asynchronous run
     * checked the repository and the cluster before it queued anything, and writes each segment whole before it
     * gives it its name. That saves a pgBackRest start (about 20 ms, during which replay stands still) per 16 MiB
     * segment; a segment not queued (yet), a history file, an error pgBackRest recorded for a segment: all go to
     * archive-get as before, which also starts the next asynchronous run. A spool path the shell would read as more
     * than a path gets no shortcut.
     */
    Map<String, String> recoveryOptions(PitrConfiguration config, ConfFile conf, Path dataDirectory,
            Optional<Integer> repo) {
        if (!async) {
            return Map.of();
        }
        List<String> options = new ArrayList<>();
        options.add(option("pg1-path", dataDirectory.toString()));
        repo.ifPresent(r -> options.add("--repo=" + r));
        options.add("--archive-async");
        options.add(option("spool-path", spool.toString()));
        options.add(option("lock-path", spool.resolve("lock").toString()));
        options.add(option("log-path", spool.resolve("log").toString()));
        options.add("--process-max=" + processes);
        options.add("--archive-get-queue-max=" + queueBytes);
        String executable = conf.get(config.stanza(), "cmd").orElse(config.executable());
        List<String> argv = CommandLine.forStanza(executable, config.configFile(), config.stanza(), options,
                "archive-get");
        List<String> quoted = argv.stream().map(WalPrefetch::quoteSpaces).toList();
        String archiveGet = String.join(" ", quoted) + " %f \"%p\"";
        return Map.of("restore_command", queued(config.stanza()).map(q -> "test -f \"" + q + "/%f\" && mv \"" + q
                + "/%f\" \"%p\" || " + archiveGet).orElse(archiveGet));
    }

    /**
     * Where the asynchronous archive-get queues the segments it fetched ({@code <spool-path>/archive/<stanza>/in},
     * the same from 2.45 to 2.59); empty when the path holds anything the shell or PostgreSQL's {@code %}
     * substitution would read as more than a path.
     */
    Optional<Path> queued(String stanza) {
        Path in = spool.resolve("archive").resolve(stanza).resolve("in");
        return PLAIN_PATH.matcher(in.toString()).matches() ? Optional.of(in) : Optional.empty();
    }


    /** Whether the configuration's repositories are reached over the network (an object store or a repository host). */
    static boolean networkRepository(ConfFile conf, String stanza, Optional<Integer> repo) {
        for (int n : repo.map(r -> new java.util.TreeSet<>(List.of(r))).orElseGet(() -> conf.repositories(stanza))) {
            String type = conf.get(stanza, "repo" + n + "-type").orElse("posix").toLowerCase(Locale.ROOT);
            if (!(type.equals("posix") || type.equals("cifs")) || conf.get(stanza, "repo" + n + "-host").isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** One line for the plan and the log. */
    String describe() {
        return async ? "WAL fetched ahead by archive-get (archive-async): " + why + ", spool " + spool : why;
    }

    private static String option(String name, String value) {
        return "--" + name + "=" + value;
    }

    /** As pgBackRest writes its own restore_command: a value with a space in double quotes (PostgreSQL runs it via sh). */
    private static String quoteSpaces(String arg) {
        int eq = arg.indexOf('=');
        if (!arg.contains(" ")) {
            return arg;
        }
        return eq > 0 && arg.startsWith("--") ? arg.substring(0, eq + 1) + "\"" + arg.substring(eq + 1) + "\""
                : "\"" + arg + "\"";
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) MIB);
    }
}
