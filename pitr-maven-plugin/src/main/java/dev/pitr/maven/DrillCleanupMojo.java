package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.RestoreDrillRequest;
import dev.pitr.drill.StaleDrill;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Cleans up restore drills that JVMs killed before their teardown (kill -9, a crash) left in the drill
 * directory: stops their PostgreSQL, deletes their scratch directories and lists them. Every drill does this
 * first in its own directory; run this goal from a timer to close the window until the next drill.
 */
@Mojo(name = "drill-cleanup", requiresProject = false, threadSafe = true)
public class DrillCleanupMojo extends AbstractPitrMojo {
    /** The directory the drills' scratch directories are in (default: /tmp and /dev/shm, where drills that fit in memory go). Also {@code -Dpitr.drillDirectory}. */
    @Parameter(property = "pitr.drillDirectory")
    String drillDirectory;

    /** Skip this goal. Also {@code -Dpitr.drillCleanup.skip}. */
    @Parameter(property = "pitr.drillCleanup.skip", defaultValue = "false")
    boolean drillCleanupSkip;

    private Optional<Path> directory;

    @Override
    protected String goal() {
        return "drill-cleanup";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.DRILL_CLEANUP_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return drillCleanupSkip;
    }

    @Override
    protected void resolveGoalParameters(PropertyResolver props) {
        directory = props.path(Param.DRILL_DIRECTORY, drillDirectory, baseDirectory());
    }

    @Override
    protected void run(PgBackRest pgbr) {
        for (Path dir : directory.map(List::of).orElseGet(RestoreDrillRequest::defaultDirectories)) {
            clean(pgbr, dir);
        }
    }

    private void clean(PgBackRest pgbr, Path dir) {
        if (dryRun()) {
            List<StaleDrill> found = pgbr.findStaleDrills(dir);
            found.forEach(d -> getLog().info("Dry run: " + d.scratchDirectory() + ": " + d.note()));
            getLog().info("Dry run: " + (found.isEmpty() ? "no stale drills in " + dir : found.size()
                    + " stale drill(s) in " + dir + " would be cleaned up") + "; nothing was touched");
            return;
        }
        List<StaleDrill> cleaned = pgbr.cleanStaleDrills(dir);
        cleaned.forEach(d -> getLog().warn(d.scratchDirectory() + ": " + d.note()));
        getLog().info(cleaned.isEmpty() ? "No stale drills in " + dir : "Cleaned up " + cleaned.size()
                + " stale drill(s) in " + dir);
        List<StaleDrill> left = cleaned.stream().filter(d -> !d.removed()).toList();
        if (!left.isEmpty()) {
            failed(left.size() + " stale drill(s) could not be removed: " + left.stream()
                    .map(d -> d.scratchDirectory().toString()).toList());
        }
    }
}
