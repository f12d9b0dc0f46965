package dev.pitr.config;

import dev.pitr.error.PitrConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code tls-server-*} options of the host this configuration describes: where its
 * {@code pgbackrest server} listens, its certificate, the CA that client certificates must chain to, and
 * which client certificate CN may use which stanzas ({@code tls-server-auth}). Immutable; run the server
 * with {@link dev.pitr.PgBackRestServer}.
 *
 * <pre>{@code
 * TlsServer.listen("0.0.0.0", 8432)
 *         .certificate(Path.of("/etc/pgbackrest/tls/server.crt"), Path.of("/etc/pgbackrest/tls/server.key"))
 *         .caFile(Path.of("/etc/pgbackrest/tls/ca.crt"))
 *         .authorize("pgbr-db-host", "main");
 * }</pre>
 */
public final class TlsServer {
    private static final Pattern STANZA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private final String address;
    private final int port;
    private final Optional<Path> certFile;
    private final Optional<Path> keyFile;
    private final Optional<Path> caFile;
    private final Map<String, List<String>> authorizations;

    private TlsServer(String address, int port, Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> caFile,
            Map<String, List<String>> authorizations) {
        this.address = address;
        this.port = port;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.caFile = caFile;
        this.authorizations = authorizations;
    }

    /** Listen on this address ({@code tls-server-address}; 0.0.0.0 for all) and port ({@code tls-server-port}). */
    public static TlsServer listen(String address, int port) {
        if (address == null || address.isBlank()) {
            throw new PitrConfigurationException(Setting.TLS_SERVER, "tls-server-address", "is empty", "give an address such as 0.0.0.0");
        }
        if (port < 1 || port > 65535) {
            throw new PitrConfigurationException(Setting.TLS_SERVER, "tls-server-port", port + " is not a TCP port", "use 1..65535");
        }
        return new TlsServer(address, port, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** The server certificate and key (required); key owned by the run-as user, mode 0600. */
    public TlsServer certificate(Path cert, Path key) {
        return new TlsServer(address, port, Optional.of(absolute("tls-server-cert-file", cert)),
                Optional.of(absolute("tls-server-key-file", key)), caFile, authorizations);
    }

    /** The CA that client certificates must be signed by (required, {@code tls-server-ca-file}). */
    public TlsServer caFile(Path ca) {
        return new TlsServer(address, port, certFile, keyFile, Optional.of(absolute("tls-server-ca-file", ca)),
                authorizations);
    }

    /**
     * Lets the client certificate with this CN (exact, no wildcards) use these stanzas
     * ({@code tls-server-auth=CN=stanza,...}). Call again for more client certificates.
     */
    public TlsServer authorize(String clientCommonName, String stanza, String... moreStanzas) {
        List<String> stanzas = new ArrayList<>();
        stanzas.add(stanza);
        stanzas.addAll(List.of(moreStanzas));
        for (String s : stanzas) {
            if (s == null || !STANZA.matcher(s).matches()) {
                throw new PitrConfigurationException(Setting.TLS_SERVER, "tls-server-auth", "'" + s + "' is not a stanza name",
                        "name stanzas exactly, or use authorizeAllStanzas(cn)");
            }
        }
        return withAuthorization(clientCommonName, stanzas);
    }

    /** Lets the client certificate with this CN use every stanza ({@code tls-server-auth=CN=*}). */
    public TlsServer authorizeAllStanzas(String clientCommonName) {
        return withAuthorization(clientCommonName, List.of("*"));
    }

    private TlsServer withAuthorization(String cn, List<String> stanzas) {
        if (cn == null || cn.isBlank() || cn.contains("=") || cn.contains("*") || cn.contains(",")) {
            throw new PitrConfigurationException(Setting.TLS_SERVER, "tls-server-auth", "'" + cn + "' is not a usable certificate CN",
                    "give the exact CN of the client certificate (pgBackRest allows no wildcards, '=' or ',' here)");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>(authorizations);
        copy.put(cn, List.copyOf(stanzas));
        return new TlsServer(address, port, certFile, keyFile, caFile, Map.copyOf(copy));
    }

    public String address() {
        return address;
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

    /** Client certificate CN to the stanzas it may use ({@code *}: all). */
    public Map<String, List<String>> authorizations() {
        return authorizations;
    }

    /** The rendered {@code tls-server-*} options in order, each with its values ({@code tls-server-auth}: one per CN). */
    public Map<String, List<String>> options() {
        if (certFile.isEmpty()) {
            throw new PitrConfigurationException(Setting.TLS_SERVER, "tls-server-cert-file", "no server certificate and key are configured",
                    "call certificate(certFile, keyFile) on the TlsServer");
        }
        if (caFile.isEmpty()) {
            throw new PitrConfigurationException(Setting.TLS_SERVER, "tls-server-ca-file", "no CA for client certificates is configured",
                    "call caFile(Path) with the CA that signs the clients' certificates");
        }
        if (authorizations.isEmpty()) {
            throw new PitrConfigurationException(Setting.TLS_SERVER, "tls-server-auth", "no client certificate is authorized, so the "
                    + "server would refuse every connection", "call authorize(clientCn, stanza)");
        }
        Map<String, List<String>> o = new LinkedHashMap<>();
        o.put("tls-server-address", List.of(address));
        o.put("tls-server-port", List.of(Integer.toString(port)));
        o.put("tls-server-cert-file", List.of(certFile.get().toString()));
        o.put("tls-server-key-file", List.of(keyFile.orElseThrow().toString()));
        o.put("tls-server-ca-file", List.of(caFile.get().toString()));
        List<String> auth = new ArrayList<>();
        new java.util.TreeMap<>(authorizations).forEach((cn, stanzas) -> auth.add(cn + "=" + String.join(",", stanzas)));
        o.put("tls-server-auth", auth);
        return o;
    }

    private static Path absolute(String option, Path p) {
        Objects.requireNonNull(p, option);
        if (!p.isAbsolute()) {
            throw new PitrConfigurationException(Setting.TLS_SERVER, option, "'" + p + "' is not absolute", "give an absolute path");
        }
        return p;
    }

    @Override
    public String toString() {
        return "TlsServer[" + address + ":" + port + " auth=" + authorizations + "]";
    }
}
