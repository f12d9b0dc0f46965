package dev.pitr.sandbox;

import dev.pitr.PgBackRest;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives a test class (or each test) its own sandbox cluster with a created stanza,
 * and removes it afterwards, so restore tests of your own read like this:
 *
 * <pre>{@code
 * class OrdersRestoreIT {
 *     @RegisterExtension
 *     static final SandboxExtension SANDBOX = SandboxExtension.of(SandboxCluster.builder().stanza("orders"));
 *
 *     @Test
 *     void aBackupRestoresToATime(PgBackRest pgbr, SandboxCluster cluster) {
 *         cluster.execute("create table orders(id int)", "insert into orders values (1)");
 *         pgbr.backup(BackupType.FULL);
 *         // ... pgbr.restoreDrill().expectRowCount("orders", 1).run() ...
 *     }
 * }
 * }</pre>
 *
 * In a {@code static} field the cluster lives for the class (started before {@code @BeforeAll} methods,
 * closed after {@code @AfterAll}); in an instance field, for each test. Test and lifecycle methods can take
 * a {@link SandboxCluster} or {@link PgBackRest} parameter. JUnit Jupiter is an optional dependency of
 * pitr-core: add {@code junit-jupiter} to your test scope to use this.
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final SandboxCluster.Builder builder;
    private boolean createStanza = true;
    private SandboxCluster cluster;
    private boolean perTest;

    private SandboxExtension(SandboxCluster.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /** A sandbox built from this builder, with its stanza created ({@code stanza-create}) once it is up. */
    public static SandboxExtension of(SandboxCluster.Builder builder) {
        return new SandboxExtension(builder);
    }

    /** Leave the stanza uncreated (to test {@code stanzaCreate()} itself, or what happens without it). */
    public SandboxExtension withoutStanza() {
        this.createStanza = false;
        return this;
    }

    /** The running cluster; only between start and close. */
    public SandboxCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the sandbox is not running (register the extension with @RegisterExtension)");
        }
        return cluster;
    }

    /** The cluster's loaded {@link PgBackRest}. */
    public PgBackRest pgBackRest() {
        return cluster().pgBackRest();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (cluster == null) {
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SandboxCluster.class || type == PgBackRest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SandboxCluster.class ? cluster() : pgBackRest();
    }

    private void start() {
        SandboxCluster started = builder.start();
        try {
            if (createStanza) {
                started.pgBackRest().stanzaCreate();
            }
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        cluster = started;
    }

    private void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } finally {
                cluster = null;
            }
        }
    }
}
