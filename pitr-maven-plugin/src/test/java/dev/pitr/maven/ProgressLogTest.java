package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pitr.info.LockProgress;
import dev.pitr.operation.Operation;
import dev.pitr.operation.OperationProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress is logged like Maven's own transfer progress: one line at most every few seconds. */
class ProgressLogTest {
    private static OperationProgress at(long done, long seconds) {
        return new OperationProgress(Operation.BACKUP, "main", new LockProgress(400L * 1024 * 1024, done), List.of(),
                Duration.ofSeconds(seconds));
    }

    @Test
    void theFirstReadingIsLoggedAtOnceThenAtMostEveryFiveSecondsWhenThePercentageMoved() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        ProgressLog log = new ProgressLog(lines::add, now::get);
        long mib = 1024 * 1024;
        log.progress(at(40 * mib, 2));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        log.progress(at(80 * mib, 4));
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        log.progress(at(120 * mib, 8));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        log.progress(at(120 * mib, 14));
        assertEquals(List.of("backup progress: 10% (40.0 MiB of 400.0 MiB, 2 s)",
                "backup progress: 30% (120.0 MiB of 400.0 MiB, 8 s)"), lines);
    }
}
