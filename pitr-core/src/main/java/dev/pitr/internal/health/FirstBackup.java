package dev.pitr.internal.health;

import dev.pitr.error.PgBackRestException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first backup a stanza ever had: the natural start of the restore-drill rule (the first drill is due a
 * maximum drill age after it). The oldest backup info lists is not enough: retention expires old sets, so a
 * stanza drilled never would have an "oldest backup" forever younger than 92 days. pgBackRest keeps every
 * backup's manifest in {@code backup/<stanza>/backup.history/<year>/} (all of them, unless
 * {@code repo-retention-history} prunes them), so its oldest label dates the first backup. Labels are the
 * backup's start in the local time of the host that made it; they are read in this JVM's zone.
 *
 * @param label  the first backup's label
 * @param at     when it started
 * @param source where pitr read it, for messages
 */
public record FirstBackup(String label, Instant at, String source) {
    private static final Logger LOG = LoggerFactory.getLogger(FirstBackup.class);
    private static final Pattern LABEL = Pattern.compile("(\\d{8}-\\d{6})F");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * The older of the oldest set info lists and the oldest manifest in each repository's backup history; empty
     * when the stanza never had a backup.
     */
    public static Optional<FirstBackup> of(Invoker engine, StanzaInfo info, ZoneId zone) {
        Optional<FirstBackup> first = info.backups().stream().min(Comparator.comparing(BackupInfo::start))
                .map(b -> new FirstBackup(b.label(), b.start(), "info"));
        for (int repo : info.backups().stream().map(BackupInfo::repoKey).distinct().sorted().toList()) {
            Optional<FirstBackup> fromHistory = history(engine, repo, zone);
            if (fromHistory.isPresent() && (first.isEmpty() || !fromHistory.get().at().isAfter(first.get().at()))) {
                first = fromHistory;
            }
        }
        return first;
    }

    private static Optional<FirstBackup> history(Invoker engine, int repo, ZoneId zone) {
        String path = "backup/" + engine.config().stanza() + "/backup.history";
        try {
            return oldest(engine.repoFiles(path, List.of("--repo=" + repo, "--recurse", "--filter=manifest")), zone)
                    .map(f -> new FirstBackup(f.label(), f.at(), "repo" + repo + " " + path));
        } catch (PgBackRestException e) {
            LOG.debug("cannot list {} in repo{}: {}", path, repo, e.getMessage());
            return Optional.empty();
        }
    }

    /** The oldest full backup's label among manifest names such as {@code 2026/20261201-122528F.manifest.gz}. */
    static Optional<FirstBackup> oldest(List<String> manifestNames, ZoneId zone) {
        return manifestNames.stream().map(n -> n.substring(n.lastIndexOf('/') + 1)).map(LABEL::matcher)
                .filter(Matcher::lookingAt).map(m -> m.group(1)).sorted().findFirst()
                .map(stamp -> new FirstBackup(stamp + "F", LocalDateTime.parse(stamp, STAMP).atZone(zone).toInstant(),
                        "backup.history"));
    }
}
