package dev.pitr;

import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.Setting;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.CommandLine;
import dev.pitr.internal.ErrorLines;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.internal.conf.SystemdUnit;
import dev.pitr.internal.conf.TimeOptions;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.CommonsExecLauncher;
import dev.pitr.internal.exec.ProcessLauncher;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.exec.RunningProcess;
import dev.pitr.internal.os.RunAs;
import dev.pitr.internal.tls.TlsPreflight;
import dev.pitr.operation.CommandResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs and supervises {@code pgbackrest server}, the TLS endpoint the other host of a
 * dedicated-repository-host setup connects to, for tests, demos and applications that embed pitr. In
 * production it is a system service instead: {@link #systemdUnit(PgBackRest)} renders its unit.
 *
 * <pre>{@code
 * try (PgBackRestServer server = PgBackRestServer.start(repoHost)) {   // waits until server-ping answers
 *     repoHost.backup(BackupType.FULL);
 * }                                                                     // SIGTERM, then SIGKILL after 10 s
 * }</pre>
 *
 * The server runs as the configuration's run-as user with its {@code --config}, so it uses that file's
 * {@code tls-server-*} options (see {@link FluentConfiguration#tlsServer(TlsServer)}). Its output goes to
 * SLF4J logger {@code pitr.pgbackrest.server}; it is stopped by {@link #close()} and, failing that, when
 * the JVM exits.
 */
public final class PgBackRestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgBackRestServer.class);
    /** How long {@link #start(PgBackRest)} waits for the first successful server-ping. */
    public static final Duration DEFAULT_READY_WITHIN = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration PING_IO_TIMEOUT = Duration.ofMillis(500);

    private final PitrConfiguration config;
    private final Invoker engine;
    private final RunningProcess process;
    private final String address;
    private final int port;

    private PgBackRestServer(PitrConfiguration config, Invoker engine, RunningProcess process, String address,
            int port) {
        this.config = config;
        this.engine = engine;
        this.process = process;
        this.address = address;
        this.port = port;
    }

    /** Starts the server of this configuration and waits (up to 30 s) until it answers server-ping. */
    public static PgBackRestServer start(PgBackRest pgbr) {
        return start(pgbr, DEFAULT_READY_WITHIN);
    }

    /**
     * Starts the server and waits until it answers {@code server-ping}. Its TLS files are checked first
     * (key 0600 and owned by the run-as user, certificates valid); the port must be free.
     *
     * @throws PitrConfigurationException when the configuration has no TLS server or its files are wrong
     * @throws PgBackRestException        when the server exits during start-up (with pgBackRest's error)
     * @throws PgBackRestTimeoutException when it does not answer within {@code readyWithin}
     */
    public static PgBackRestServer start(PgBackRest pgbr, Duration readyWithin) {
        return start(pgbr, readyWithin, new CommonsExecLauncher(false, pgbr.invoker().secretEnvironment().values()));
    }

    static PgBackRestServer start(PgBackRest pgbr, Duration readyWithin, ProcessLauncher launcher) {
        PitrConfiguration config = pgbr.configuration();
        ConfFile conf = pgbr.invoker().conf();
        if (!conf.wasRead()) {
            throw new PitrConfigurationException(Setting.CONFIG_FILE, config.configFile() + " could not be read at load()"
                    + ", so the TLS server's options are unknown", "make the file readable by the user running pitr");
        }
        for (String required : List.of("tls-server-cert-file", "tls-server-key-file", "tls-server-ca-file",
                "tls-server-auth")) {
            if (conf.global(required).isEmpty()) {
                throw new PitrConfigurationException(Setting.TLS_SERVER, config.configFile() + " has no " + required
                        + " in [global]", "configure tlsServer(TlsServer.listen(...).certificate(...).caFile(...)"
                                + ".authorize(...)) or add the option to the file");
            }
        }
        TlsPreflight.check(conf.entries().stream().filter(e -> e.key().startsWith("tls-server-")).toList(),
                config.runAs().orElseGet(RunAs::currentUser));
        String address = conf.global("tls-server-address").orElse("localhost");
        int port = Integer.parseInt(conf.global("tls-server-port").orElse("8432"));
        refuseBusyPort(address, port);

        List<String> argv = CommandLine.withoutStanza(config, List.of("--log-level-console=info",
                "--log-level-stderr=off"), "server");
        CommandSpec spec = new CommandSpec(argv, config.environment(), pgbr.invoker().secretEnvironment(), readyWithin,
                config.runAs(), Path.of("/tmp"), "pitr.pgbackrest.server", false, true);
        long t0 = System.nanoTime();
        RunningProcess process = launcher.start(spec);
        PgBackRestServer server = new PgBackRestServer(config, pgbr.invoker(), process, address, port);
        try {
            server.awaitReady(readyWithin);
        } catch (RuntimeException e) {
            process.stop(STOP_GRACE);
            throw e;
        }
        LOG.info("pgbackrest server for stanza '{}' is answering on {}:{} (pid {}, as {}, ready after {} ms)",
                config.stanza(), address, port, process.pid(), config.runAs().orElseGet(RunAs::currentUser),
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        return server;
    }

    private void awaitReady(Duration readyWithin) {
        long deadline = System.nanoTime() + readyWithin.toNanos();
        while (true) {
            if (process.awaitExit(Duration.ofMillis(30))) {
                CommandResult r = process.result().orElseThrow();
                var parsed = ErrorLines.parse(r.outputTail());
                ErrorCode code = ErrorCode.of(parsed.map(ErrorLines.Parsed::code).orElse(r.exitCode()));
                throw new PgBackRestException(code, "pgbackrest server for stanza '" + config.stanza() + "' on "
                        + address + ":" + port + " exited during start-up (exit " + r.exitCode() + ", " + code + "): "
                        + parsed.map(ErrorLines.Parsed::message).orElse(String.join(" | ", r.outputTail())),
                        parsed.map(ErrorLines.Parsed::hints).orElse(List.of()), r, null);
            }
            CommandResult ping = pingOnce();
            if (ping.exitCode() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                String why = ErrorLines.parse(ping.outputTail()).map(p -> "; the last server-ping failed with [" + p.code()
                        + "] " + p.message()).orElse("");
                throw new PgBackRestTimeoutException("pgbackrest server for stanza '" + config.stanza() + "' did not "
                        + "answer server-ping on " + address + ":" + port + " within " + readyWithin + why, readyWithin,
                        new CommandResult(List.of("pgbackrest", "server"), -1, readyWithin, process.outputTail()));
            }
        }
    }

    /**
     * One {@code server-ping} (unauthenticated, no client certificate needed) against this server's
     * address and port: true when it answers.
     */
    public boolean ping() {
        return pingOnce().exitCode() == 0;
    }

    /**
     * One server-ping with a short I/O timeout spelled for this release (0.5 s: {@code 500ms} on 2.53+, which
     * refuses {@code 0.5}). Quiet while the server starts; an option error (printed on stdout even so, 2.53+) is
     * kept so that a ping that can never succeed says why.
     */
    private CommandResult pingOnce() {
        ProcessOutput out = engine.runner().run(new CommandSpec(pingArgv(config, address, port), config.environment(),
                engine.secretEnvironment(), Duration.ofSeconds(10), config.runAs(), Path.of("/tmp"),
                "pitr.pgbackrest.server-ping", false, true));
        return out.result();
    }

    static List<String> pingArgv(PitrConfiguration config, String address, int port) {
        return CommandLine.withoutStanza(config, List.of("--log-level-file=off", "--log-level-console=off",
                "--log-level-stderr=off", "--io-timeout=" + TimeOptions.render(PING_IO_TIMEOUT, config.version()),
                "--tls-server-address=" + pingAddress(address), "--tls-server-port=" + port), "server-ping");
    }

    /** Re-reads the configuration (SIGHUP), e.g. after adding a tls-server-auth line; no restart. */
    public void reload() {
        ProcessOutput out = engine.runner().run(new CommandSpec(List.of("kill", "-HUP", Long.toString(process.pid())), java.util.Map.of(),
                java.util.Map.of(), Duration.ofSeconds(10), config.runAs(), Path.of("/tmp"), "pitr.pgbackrest.server", false));
        if (out.exitCode() != 0) {
            throw new PgBackRestException(ErrorCode.PITR, "could not signal pgbackrest server pid " + process.pid(),
                    List.of(), out.result(), null);
        }
    }

    /** The address the server listens on ({@code tls-server-address}). */
    public String address() {
        return address;
    }

    /** The port the server listens on ({@code tls-server-port}). */
    public int port() {
        return port;
    }

    /** The server's pid. */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** How the server ended, once it has. */
    public Optional<CommandResult> result() {
        return process.result();
    }

    /** Stops the server (SIGTERM; SIGKILL after 10 s) and its per-connection children. Idempotent. */
    @Override
    public void close() {
        if (process.result().isPresent()) {
            return;
        }
        CommandResult r = process.stop(STOP_GRACE);
        LOG.info("pgbackrest server for stanza '{}' on {}:{} stopped (pid {}, exit {})", config.stanza(), address, port,
                process.pid(), r.exitCode());
    }

    /**
     * The systemd unit that runs this configuration's server as a service: as the run-as user, with the
     * same {@code --config}, restarted on failure, reloaded with {@code systemctl reload} (SIGHUP).
     * Install it as e.g. {@code /etc/systemd/system/pgbackrest-server.service}.
     */
    public static String systemdUnit(PgBackRest pgbr) {
        PitrConfiguration c = pgbr.configuration();
        return SystemdUnit.render(c.stanza(), c.executable(), c.configFile(), c.runAs().orElseGet(RunAs::currentUser));
    }

    private static String pingAddress(String address) {
        return address.equals("0.0.0.0") || address.equals("::") ? "localhost" : address;
    }

    private static void refuseBusyPort(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(pingAddress(address), port), 300);
        } catch (IOException nothingListens) {
            return;
        }
        throw new PitrConfigurationException(Setting.TLS_SERVER, "tls-server-port", "something already listens on " + address + ":" + port,
                "stop it (an old pgbackrest server?) or choose another tls-server-port");
    }

    @Override
    public String toString() {
        return "PgBackRestServer[" + config.stanza() + " " + address + ":" + port + " pid " + process.pid() + "]";
    }
}
