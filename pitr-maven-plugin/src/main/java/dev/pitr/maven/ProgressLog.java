package dev.pitr.maven;

import dev.pitr.operation.OperationProgress;
import dev.pitr.operation.ProgressListener;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs a running backup's or restore's progress as one line at most every few seconds, the way Maven logs a long
 * download: {@code backup progress: 42% (179.1 MiB of 426.4 MiB, 12 s)}. The first reading is logged at once;
 * later ones only when the interval has passed and the percentage moved. pgBackRest releases without progress in
 * info (backups before 2.48, restores before 2.56) log nothing.
 */
final class ProgressLog implements ProgressListener {
    static final Duration EVERY = Duration.ofSeconds(5);
    private final Consumer<String> log;
    private final LongSupplier clock;
    private long lastLoggedNanos;
    private int lastPercent = -1;

    ProgressLog(Consumer<String> log) {
        this(log, System::nanoTime);
    }

    ProgressLog(Consumer<String> log, LongSupplier nanoClock) {
        this.log = log;
        this.clock = nanoClock;
    }

    @Override
    public synchronized void progress(OperationProgress p) {
        long now = clock.getAsLong();
        boolean first = lastPercent < 0;
        if (!first && (now - lastLoggedNanos < EVERY.toNanos() || p.percent() == lastPercent)) {
            return;
        }
        lastLoggedNanos = now;
        lastPercent = p.percent();
        log.accept(p.operation().command() + " progress: " + p.percent() + "% (" + InfoMojo.bytes(p.doneBytes()) + " of "
                + InfoMojo.bytes(p.totalBytes()) + ", " + p.elapsed().toSeconds() + " s)");
    }
}
