package dev.pitr.internal.drill;

import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a running drill was interrupted, and why: the JVM shutting down (SIGTERM, Ctrl-C, System.exit:
 * the shutdown hook says so, and stops the cluster so the drill stops waiting for it) or the drill's thread
 * interrupted. An interrupted drill proves nothing about the backup: its report is INTERRUPTED, the checks
 * of the phase it was in and the checks it never ran are INTERRUPTED, and the checks that finished before
 * keep their result.
 */
final class DrillInterruption {
    static final String JVM_SHUTDOWN = "the JVM is shutting down (SIGTERM, Ctrl-C or System.exit)";
    static final String THREAD = "the thread running the drill was interrupted";
    private static final Logger LOG = LoggerFactory.getLogger(DrillInterruption.class);

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String phase = "planning";
    private volatile int phaseStart;
    private volatile boolean threadInterrupted;

    /** The drill enters a phase (restore, recovery, validation); its checks start at {@code firstCheck}. */
    void enter(String name, int firstCheck) {
        phase = name;
        phaseStart = firstCheck;
    }

    /**
     * The drill wrote its report (or gave up): a shutdown hook no longer waits for it, and an interrupted
     * drill thread gets its interrupt flag back (it was cleared so the report could still be written).
     */
    void finished() {
        finished.countDown();
        if (threadInterrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * From the JVM shutdown hook: while the drill still runs, records the shutdown, runs {@code unblock}
     * (stopping the cluster, so recovery and checks return) and waits up to {@code wait} for the report.
     */
    void onShutdown(Runnable unblock, Duration wait) {
        if (finished.getCount() == 0) {
            return;
        }
        reason.compareAndSet(null, JVM_SHUTDOWN);
        LOG.warn("restore drill interrupted during {}: {}; stopping its cluster", phase, JVM_SHUTDOWN);
        try {
            unblock.run();
        } catch (RuntimeException e) {
            LOG.warn("could not stop the interrupted drill's cluster: {}", e.getMessage());
        }
        try {
            if (!finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("the interrupted restore drill did not write its report within {}", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the drill was interrupted; asked by the drill's own thread between and after phases. */
    boolean happened() {
        if (Thread.interrupted()) {
            // Cleared until finished(): an interrupted thread cannot write files (NIO channels close on interrupt).
            threadInterrupted = true;
            reason.compareAndSet(null, THREAD);
        }
        if (reason.get() == null && shuttingDown()) {
            reason.compareAndSet(null, JVM_SHUTDOWN); // a signal whose hook has not run yet
        }
        return reason.get() != null;
    }

    /** {@code interrupted during recovery: the JVM is shutting down (...)}. */
    String describe() {
        return "interrupted during " + phase + ": " + reason.get();
    }

    /**
     * The report's checks: those of the interrupted phase that failed become INTERRUPTED, and every
     * planned check that never ran is added as INTERRUPTED.
     */
    List<DrillCheck> mark(List<DrillCheck> checks, List<String> planned) {
        List<DrillCheck> out = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            DrillCheck c = checks.get(i);
            out.add(i >= phaseStart && c.failed() ? new DrillCheck(c.name(), DrillStatus.INTERRUPTED, c.expected(),
                    "interrupted", describe() + " (" + c.message() + ")", c.database()) : c);
        }
        for (String name : planned) {
            if (out.stream().noneMatch(c -> c.name().equals(name))) {
                out.add(new DrillCheck(name, DrillStatus.INTERRUPTED, "", "not run", "not run: " + describe()));
            }
        }
        return out;
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
