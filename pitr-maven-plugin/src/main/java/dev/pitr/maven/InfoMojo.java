package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.operation.Operation;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Prints the stanza's backups and its recovery window ({@code pgbackrest info}). Read-only. */
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
    protected void run(PgBackRest pgbr) {
        if (dryRun()) {
            pgbr.plan(Operation.INFO).describe().lines().forEach(getLog()::info);
            return;
        }
        StanzaInfo info = pgbr.stanzaInfo();
        getLog().info("Stanza '" + info.name() + "': " + info.status().message() + " (code " + info.status().code()
                + ")" + info.cipher().map(c -> ", cipher " + c).orElse(""));
        TextTable table = new TextTable("Backup", "Type", "Repo", "Start", "Stop", "Size", "Repo size");
        for (BackupInfo b : info.backups()) {
            table.row(b.label(), b.type().option(), "repo" + b.repoKey(), b.start(), b.stop(), bytes(b.size()),
                    bytes(b.repoSize()));
        }
        if (info.backups().isEmpty()) {
            getLog().info("No backups.");
        } else {
            table.lines().forEach(getLog()::info);
        }
        getLog().info("Recovery window: " + info.recoveryWindow().map(w -> "from " + w.earliest()
                + " (oldest backup's stop) to the newest archived WAL" + w.latestArchivedWal().map(f -> " " + f)
                        .orElse("") + "; newest backup stopped " + w.latestBackupStop())
                .orElse("none (no backup yet)"));
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
