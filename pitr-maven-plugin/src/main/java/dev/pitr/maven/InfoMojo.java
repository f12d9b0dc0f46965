package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.WalArchive;
import dev.pitr.operation.Operation;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints what {@code pgbackrest info} shows (each backup's timeline, times, WAL range, sizes, delta and
 * references; the WAL archive range), the timelines, and the recovery window as two instants. Read-only. A stanza
 * missing from the repository is a BUILD FAILURE naming stanza-create.
 */
@Mojo(name = "info", requiresProject = false, threadSafe = true)
public class InfoMojo extends AbstractPitrMojo {
    /** Skip this goal. Also {@code -Dpitr.info.skip}. */
    @Parameter(property = "pitr.info.skip", defaultValue = "false")
    boolean infoSkip;

    @Override
    protected String goal() {
        return "info";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.INFO_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return infoSkip;
    }

    @Override
    protected void run(PgBackRest pgbr) throws MojoFailureException {
        if (dryRun()) {
            pgbr.plan(Operation.INFO).describe().lines().forEach(getLog()::info);
            getLog().info("  then:    repo-ls of the WAL archive (history files, the newest segment's time)");
            return;
        }
        StanzaInfo info = pgbr.stanzaInfo();
        getLog().info("Stanza '" + info.name() + "': " + info.status().message() + " (code " + info.status().code()
                + ")" + info.cipher().map(c -> ", cipher " + c).orElse(""));
        if (info.status().stanzaMissing()) {
            failed("stanza '" + info.name() + "' does not exist in the repository (pgBackRest: " + info.status().message()
                    + "): create it with mvn pitr:stanza-create (pgbackrest --stanza=" + info.name() + " stanza-create), "
                    + "or fix the stanza name " + Param.STANZA.describe());
            return;
        }
        TextTable table = new TextTable("Backup", "Type", "Repo", "TL", "Start", "Stop", "WAL start / stop", "Size",
                "Delta", "Repo size", "Repo delta", "References");
        for (BackupInfo b : info.backups()) {
            table.row(b.label(), b.type().option(), "repo" + b.repoKey(), b.timeline().map(String::valueOf).orElse("?"),
                    b.start(), b.stop(), b.walStart().orElse("?") + " / " + b.walStop().orElse("?"), bytes(b.size()),
                    bytes(b.delta()), bytes(b.repoSize()), bytes(b.repoDelta()),
                    b.references().isEmpty() ? "-" : String.join(", ", b.references()));
        }
        if (info.backups().isEmpty()) {
            getLog().info("No backups.");
        } else {
            table.lines().forEach(getLog()::info);
        }
        info.archives().forEach(a -> getLog().info("WAL archive " + a.id() + " (repo" + a.repoKey() + "): "
                + a.min().orElse("empty") + a.max().map(m -> " .. " + m).orElse("")));
        WalArchive archive = pgbr.walArchive(info);
        if (!archive.timelines().isEmpty()) {
            int root = archive.timelines().get(0).parent().orElse(1);
            getLog().info("Timelines: " + root + archive.timelines().stream().map(t -> ", " + t.describe())
                    .collect(Collectors.joining()));
        }
        archive.problems().forEach(p -> getLog().warn("WAL archive: " + p));
        getLog().info("Recovery window: " + archive.recoveryWindow().map(w -> "from " + w.earliest()
                + " (oldest backup's stop) to " + w.latest() + " (" + w.latestSource().description()
                + w.latestArchivedWal().map(f -> ", WAL " + f).orElse("") + ")").orElse("none (no backup yet)"));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
