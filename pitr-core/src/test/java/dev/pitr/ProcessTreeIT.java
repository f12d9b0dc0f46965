package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pitr.error.CommandInterruptedException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Real pgBackRest behind site-style wrapper scripts whose children hang or hold the output pipes: a timeout,
 * an interrupt and the JVM's exit end the whole process tree, and every call returns within its timeout plus
 * a few seconds (before, the JVM waited for the orphaned grandchildren: ~600 s for a {@code sleep 600}).
 */
class ProcessTreeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(8);
    /** StartedProcess's SIGTERM-to-SIGKILL grace, read from the class so the bounds follow it. */
    private static final Duration GRACE = constant("StartedProcess", "GRACE");
    /** How long StartedProcess lets output drain after the child exited. */
    private static final Duration DRAIN = constant("StartedProcess", "DRAIN");
    /** The SIGTERM-to-SIGKILL grace of the JVM-exit hook (ProcessTreeDestroyer). */
    private static final Duration GRACE_AT_EXIT = constant("ProcessTreeDestroyer", "GRACE_AT_EXIT");
    /** Room for a loaded CI host on top of what StartedProcess itself may wait. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    /**
     * What "a few seconds" after ending a tree may be: the grace before SIGKILL, then the drain of what the tree
     * still held, plus slack. A hang (the regression) is minutes: a {@code sleep 600}.
     */
    private static final Duration FEW = GRACE.plus(DRAIN).plus(SLACK);

    @Test
    void aWrapperThatHangsPastTheTimeoutIsEndedWithItsChildrenAndTheCallReturns() throws Exception {
        try (WrapperScripts w = new WrapperScripts()) {
            PgBackRest pgbr = w.configure(w.hangsAfterVersion()).timeout(Operation.INFO, TIMEOUT).load();
            Call call = Call.run(pgbr::info, TIMEOUT.plusSeconds(30));
            assertInstanceOf(PgBackRestTimeoutException.class, call.thrown, String.valueOf(call.thrown));
            assertTrue(call.took.compareTo(TIMEOUT.plus(FEW)) < 0, "returned after " + call.took);
            assertEquals(List.of(), w.awaitNoLeftovers(Duration.ofSeconds(2)), "the wrapper's children outlived the timeout");
        }
    }

    @Test
    void aBackgroundChildHoldingStdoutDoesNotKeepACommandWaiting() throws Exception {
        try (WrapperScripts w = new WrapperScripts()) {
            Call call = Call.run(() -> w.configure(w.backgroundChildHoldingStdout()).load().info(), Duration.ofSeconds(40));
            assertEquals(null, call.thrown, String.valueOf(call.thrown));
            // version at load() and info: each returns once its output drained and its leftovers were ended (at
            // most DRAIN, then GRACE), not when the child ends.
            assertTrue(call.took.compareTo(GRACE.plus(DRAIN).multipliedBy(2).plus(SLACK)) < 0, "returned after "
                    + call.took);
            assertEquals(List.of(), w.awaitNoLeftovers(Duration.ofSeconds(2)), "the background child outlived the command");
        }
    }

    @Test
    void anInterruptEndsTheCommandTreeAndTheCallReturnsWithTheFlagSet() throws Exception {
        try (WrapperScripts w = new WrapperScripts()) {
            PgBackRest pgbr = w.configure(w.hangsAfterVersion()).timeout(Operation.INFO, Duration.ofMinutes(10)).load();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagSet = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    pgbr.info();
                } catch (RuntimeException e) {
                    thrown.set(e);
                    flagSet.set(Thread.currentThread().isInterrupted());
                }
            }, "interrupted-caller");
            caller.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (w.leftovers().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, w.leftovers().size(), "the wrapper started its children");
            long t0 = System.nanoTime();
            caller.interrupt();
            caller.join(FEW.plusSeconds(20).toMillis());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (caller.isAlive()) {
                w.close();
                fail("the interrupted call did not return within " + took);
            }
            assertTrue(took.compareTo(FEW) < 0, "returned " + took + " after the interrupt");
            assertInstanceOf(CommandInterruptedException.class, thrown.get(), String.valueOf(thrown.get()));
            assertTrue(flagSet.get(), "the interrupt flag is set again for the caller");
            assertEquals(List.of(), w.awaitNoLeftovers(Duration.ofSeconds(2)), "the wrapper's children outlived the interrupt");
        }
    }

    @Test
    void theJvmsExitEndsTheTreeOfACommandStillRunning() throws Exception {
        try (WrapperScripts w = new WrapperScripts()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ProcessTreeJvmExitMain.class.getName(), w.hangsAfterVersion().toString(), w.configFile.toString())
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), output);
            assertTrue(output.contains("EXITING with the command running"), output);
            assertEquals(List.of(), w.awaitNoLeftovers(GRACE_AT_EXIT.plus(SLACK)),
                    "the command's processes outlived the JVM:\n" + output);
        }
    }

    @Test
    void aCommandsBackgroundChildIsEndedOnceItsOutputDrained() throws Exception {
        try (WrapperScripts w = new WrapperScripts()) {
            Call call = Call.run(() -> {
                ProcessOutput out = new CommonsExecRunner().run(CommandSpec.of(List.of("sh", "-c", "sleep " + w.token
                        + " & echo started"), Duration.ofMinutes(5)));
                assertEquals(0, out.exitCode());
                assertEquals(List.of("started"), out.result().outputTail());
            }, Duration.ofSeconds(30));
            assertEquals(null, call.thrown, String.valueOf(call.thrown));
            assertTrue(call.took.compareTo(FEW) < 0, "returned after " + call.took);
            assertEquals(List.of(), w.awaitNoLeftovers(Duration.ofSeconds(2)));
        }
    }

    /** A package-private timing constant of dev.pitr.internal.exec, read so the bounds here follow its changes. */
    private static Duration constant(String className, String field) {
        try {
            java.lang.reflect.Field f = Class.forName("dev.pitr.internal.exec." + className).getDeclaredField(field);
            f.setAccessible(true);
            return (Duration) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no timing constant " + className + "." + field, e);
        }
    }

    /** A call on its own thread, so a regression fails the test instead of hanging the build. */
    private record Call(Duration took, Throwable thrown) {
        static Call run(Runnable body, Duration limit) throws InterruptedException {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "timed-call");
            long t0 = System.nanoTime();
            t.setDaemon(true);
            t.start();
            t.join(limit.toMillis());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (t.isAlive()) {
                fail("the call did not return within " + took + " (it hangs)");
            }
            return new Call(took, thrown.get());
        }
    }
}
