package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the drill asks for its clone's promotion: once replay has begun, again when pg_ctl did not take it. */
class EarlyPromotionTest {
    @TempDir
    Path dir;

    @Test
    void nothingIsAskedBeforeRedoStartsAndARefusedRequestIsMadeAgain() throws Exception {
        Path log = Files.writeString(dir.resolve("server.log"), "LOG:  starting point-in-time recovery\n");
        AtomicInteger asked = new AtomicInteger();
        EarlyPromotion p = EarlyPromotion.begin(() -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("pg_ctl: cannot promote server; server is not in standby mode");
            }
        }, log, Duration.ofSeconds(20));
        Thread.sleep(100);
        assertEquals(0, asked.get(), "recovery has not begun replaying");
        Files.writeString(log, "LOG:  redo starts at 0/11000028\n", StandardOpenOption.APPEND);
        awaitRequested(p);
        assertEquals(2, asked.get(), "the refused first request was made again");
    }

    @Test
    void anAbandonedPromotionAsksNothing() throws Exception {
        Path log = Files.writeString(dir.resolve("server.log"), "");
        AtomicInteger asked = new AtomicInteger();
        EarlyPromotion p = EarlyPromotion.begin(asked::incrementAndGet, log, Duration.ofSeconds(20));
        p.abandon();
        Thread.sleep(50);
        Files.writeString(log, "LOG:  redo starts at 0/11000028\n", StandardOpenOption.APPEND);
        Thread.sleep(200);
        assertEquals(0, asked.get());
        assertFalse(p.requested());
    }

    private static void awaitRequested(EarlyPromotion p) throws InterruptedException {
        for (int i = 0; i < 1000 && !p.requested(); i++) {
            Thread.sleep(10);
        }
        assertTrue(p.requested());
    }
}
