package dev.pitr.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pitr.internal.json.InfoJsonParser;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the classes every operation needs next (Jackson's tree reader and writer, pitr's info parser, the
 * PostgreSQL JDBC driver) on a background thread while the facade's first commands run.
 *
 * <p>Why: in a JVM of its own (a drill started from cron or a release job) the first {@code info} parse took
 * 215 ms, nearly all of it Jackson's class loading, and the JDBC driver's loaded while replay needed the CPU; the
 * main thread meanwhile only waits for {@code pgbackrest version} and {@code info}. Done here, the loading overlaps
 * those waits (docs/benchmarks.md). Started once per JVM, a daemon that reads nothing but the class path and
 * ends in well under a second; a failure only means the classes load later, where they are used.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** A one-backup info document as pgBackRest 2.45 writes it: the parser's whole path, no secret. */
    private static final String INFO = "[{\"archive\":[{\"database\":{\"id\":1,\"repo-key\":1},\"id\":\"15-1\","
            + "\"max\":\"000000010000000000000005\",\"min\":\"000000010000000000000001\"}],\"backup\":[{\"archive\":"
            + "{\"start\":\"000000010000000000000002\",\"stop\":\"000000010000000000000003\"},\"backrest\":{\"format\":5,"
            + "\"version\":\"2.45\"},\"database\":{\"id\":1,\"repo-key\":1},\"error\":false,\"info\":{\"delta\":1,"
            + "\"repository\":{\"delta\":1,\"size\":1},\"size\":1},\"label\":\"20261126-123708F\",\"lsn\":{\"start\":"
            + "\"0/2000028\",\"stop\":\"0/3000050\"},\"prior\":null,\"reference\":null,\"timestamp\":{\"start\":1795696628,"
            + "\"stop\":1795696631},\"type\":\"full\"}],\"cipher\":\"none\",\"db\":[{\"id\":1,\"repo-key\":1,\"system-id\":1,"
            + "\"version\":\"15\"}],\"name\":\"warm-up\",\"repo\":[{\"cipher\":\"none\",\"key\":1,\"status\":{\"code\":0,"
            + "\"message\":\"ok\"}}],\"status\":{\"code\":0,\"lock\":{\"backup\":{\"held\":false}},\"message\":\"ok\"}}]";

    private WarmUp() {
    }

    /** Starts the warm-up unless this JVM already did. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(WarmUp::run, "pitr-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        try {
            new InfoJsonParser().parse(INFO);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("warm", 1));
            Class.forName("org.postgresql.Driver", true, WarmUp.class.getClassLoader());
        } catch (Exception | LinkageError e) {
            LOG.debug("warm-up skipped: {}", e.toString());
        }
    }
}
