package dev.pitr.config;

import dev.pitr.error.PitrConfigurationException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The other side of a dedicated-repository-host setup, reached over pgBackRest's own TLS protocol
 * ({@code pgbackrest server} listening there). Immutable; setters return a changed copy.
 *
 * <p>On the database host it is the repository host ({@link dev.pitr.FluentConfiguration#repositoryHost}, rendered
 * as {@code repo1-host*}); on the repository host it is the database host ({@link dev.pitr.FluentConfiguration#pgHost},
 * rendered as {@code pg1-host*}).
 *
 * <pre>{@code
 * RemoteHost repoHost = RemoteHost.tls("backup.example.com").port(8432)
 *         .clientCertificate(Path.of("/etc/pgbackrest/tls/db-client.crt"), Path.of("/etc/pgbackrest/tls/db-client.key"))
 *         .caFile(Path.of("/etc/pgbackrest/tls/ca.crt"))
 *         .remoteConfigFile(Path.of("/etc/pgbackrest/pgbackrest.conf"));
 * }</pre>
 */
public final class RemoteHost {
    /** pgBackRest's default TLS server port. */
    public static final int DEFAULT_PORT = 8432;
    private final String host;
    private final int port;
    private final Optional<Path> certFile;
    private final Optional<Path> keyFile;
    private final Optional<Path> caFile;
    private final Optional<Path> remoteConfigFile;

    private RemoteHost(String host, int port, Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> caFile,
            Optional<Path> remoteConfigFile) {
        this.host = host;
        this.port = port;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.caFile = caFile;
        this.remoteConfigFile = remoteConfigFile;
    }

    /**
     * A host running {@code pgbackrest server}. The name must be one of the DNS names in its server
     * certificate's subjectAltName: pgBackRest 2.45 compares it with DNS entries only (for an address such
     * as 127.0.0.1 the certificate needs {@code DNS:127.0.0.1}, an {@code IP:} entry is not enough).
     */
    public static RemoteHost tls(String host) {
        if (host == null || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new PitrConfigurationException(Setting.REMOTE_HOST, "host '" + host + "' is not a host name",
                    "give the DNS name (or address) the remote's server certificate is issued for");
        }
        return new RemoteHost(host, DEFAULT_PORT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The remote server's {@code tls-server-port} (default 8432). */
    public RemoteHost port(int tcpPort) {
        if (tcpPort < 1 || tcpPort > 65535) {
            throw new PitrConfigurationException(Setting.REMOTE_HOST, "port " + tcpPort + " is not a TCP port", "use 1..65535");
        }
        return new RemoteHost(host, tcpPort, certFile, keyFile, caFile, remoteConfigFile);
    }

    /**
     * The client certificate this side presents and its private key (required). The remote's
     * {@code tls-server-auth} must map the certificate's CN to the stanza. The key must be owned by the
     * run-as user with mode 0600 (or by root with 0640); pitr checks this before running anything.
     */
    public RemoteHost clientCertificate(Path cert, Path key) {
        return new RemoteHost(host, port, Optional.of(absolute("certFile", cert)),
                Optional.of(absolute("keyFile", key)), caFile, remoteConfigFile);
    }

    /** The CA that signed the remote's server certificate (default: the system's trust store). */
    public RemoteHost caFile(Path ca) {
        return new RemoteHost(host, port, certFile, keyFile, Optional.of(absolute("caFile", ca)),
                remoteConfigFile);
    }

    /**
     * The path of pgbackrest.conf ON THE REMOTE host (required). The remote server's per-connection child
     * loads this file, not the one the server was started with; without it pgBackRest falls back to
     * /etc/pgbackrest/pgbackrest.conf there.
     */
    public RemoteHost remoteConfigFile(Path fileOnRemote) {
        return new RemoteHost(host, port, certFile, keyFile, caFile,
                Optional.of(absolute("remoteConfigFile", fileOnRemote)));
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Optional<Path> certFile() {
        return certFile;
    }

    public Optional<Path> keyFile() {
        return keyFile;
    }

    public Optional<Path> caFile() {
        return caFile;
    }

    public Optional<Path> remoteConfigFile() {
        return remoteConfigFile;
    }

    /**
     * The options without their {@code repoN-}/{@code pgN-} prefix ({@code host}, {@code host-type}...),
     * after checking the required ones are there.
     *
     * @param setting the side this remote is used on: {@link Setting#REPOSITORY_HOST} or {@link Setting#PG_HOST}
     */
    public Map<String, String> options(Setting setting) {
        if (certFile.isEmpty()) {
            throw new PitrConfigurationException(setting, "no client certificate and key are "
                    + "configured for the TLS connection to " + host + ":" + port,
                    "call clientCertificate(certFile, keyFile) on the RemoteHost");
        }
        if (remoteConfigFile.isEmpty()) {
            throw new PitrConfigurationException(setting, "the path of pgbackrest.conf on " + host
                    + " is not given; the remote would silently load /etc/pgbackrest/pgbackrest.conf",
                    "call remoteConfigFile(Path) with the file the remote's pgbackrest.conf really is");
        }
        Map<String, String> o = new LinkedHashMap<>();
        o.put("host", host);
        o.put("host-type", "tls");
        o.put("host-port", Integer.toString(port));
        caFile.ifPresent(p -> o.put("host-ca-file", p.toString()));
        o.put("host-cert-file", certFile.get().toString());
        o.put("host-key-file", keyFile.orElseThrow().toString());
        o.put("host-config", remoteConfigFile.get().toString());
        return o;
    }

    private static Path absolute(String what, Path p) {
        Objects.requireNonNull(p, what);
        if (!p.isAbsolute()) {
            throw new PitrConfigurationException(Setting.REMOTE_HOST, what + " '" + p + "' is not absolute", "give an absolute path");
        }
        return p;
    }

    @Override
    public String toString() {
        return "RemoteHost[tls " + host + ":" + port + certFile.map(c -> " cert=" + c).orElse("")
                + remoteConfigFile.map(c -> " config=" + c).orElse("") + "]";
    }
}
