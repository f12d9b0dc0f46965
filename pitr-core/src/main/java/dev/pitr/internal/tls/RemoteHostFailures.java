package dev.pitr.internal.tls;

import dev.pitr.error.ErrorCode;
import dev.pitr.error.RemoteHostException;
import dev.pitr.error.RemoteHostProblem;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.internal.conf.ConfReader;
import dev.pitr.operation.CommandResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises failures of the TLS link between the database host and the repository host in a failed
 * command's output (pgBackRest 2.45 wording, checked on this project's lab machine) and names them with
 * the fix. Everything else is left to the generic mapping.
 */
public final class RemoteHostFailures {
    private static final Pattern CN = Pattern.compile("CN=([^,]+)");
    private static final Pattern CLIENT_CERT = Pattern.compile("(?:repo|pg)\\d+-host-cert-file");

    private RemoteHostFailures() {
    }

    /**
     * @param command    the pgBackRest command that failed (for the message)
     * @param stanza     the stanza it addressed
     * @param conf       the configuration file as read at load(), to name the client certificate's CN
     * @param prefix     the generic message ("pgbackrest check failed for stanza 'x' (exit ..)")
     */
    public static Optional<RemoteHostException> classify(String command, String stanza, ConfFile conf,
            ErrorCode code, String prefix, List<String> hints, CommandResult result) {
        if (!usesRemoteHost(conf)) {
            return Optional.empty(); // e.g. an unreachable S3 endpoint is not a repository-host problem
        }
        String text = String.join("\n", result.outputTail());
        String lower = text.toLowerCase(Locale.ROOT);
        RemoteHostProblem problem;
        String explanation;
        String fix;
        if (lower.contains("unable to verify certificate presented by")) {
            if (lower.contains("certificate has expired")) {
                problem = RemoteHostProblem.SERVER_CERTIFICATE_EXPIRED;
                explanation = "the remote server's certificate has expired";
                fix = "issue a new server certificate for the remote (tls-server-cert-file there) and restart or reload its "
                        + "pgbackrest server";
            } else {
                problem = RemoteHostProblem.SERVER_CERTIFICATE_UNTRUSTED;
                explanation = "the remote server's certificate is not signed by the CA in this side's host-ca-file "
                        + "(CA mismatch)";
                fix = "point caFile(...) of the RemoteHost (repo1-host-ca-file / pg1-host-ca-file) at the CA that signed "
                        + "the remote's server certificate";
            }
        } else if (lower.contains("unable to find hostname")) {
            problem = RemoteHostProblem.HOSTNAME_MISMATCH;
            explanation = "the remote server's certificate has no DNS subjectAltName equal to the configured host "
                    + "(pgBackRest 2.45 checks DNS names only, not IP entries)";
            fix = "reissue the server certificate with subjectAltName=DNS:<host as configured> (for an address: "
                    + "DNS:127.0.0.1 as well as IP:127.0.0.1), or configure the name the certificate carries";
        } else if (lower.contains("alert certificate expired")) {
            problem = RemoteHostProblem.CLIENT_CERTIFICATE_EXPIRED;
            explanation = "the remote server refused this side's client certificate" + cn(conf) + " because it expired";
            fix = "issue a new client certificate from the same CA and replace the host-cert-file";
        } else if (lower.contains("tls error") && lower.contains("alert")) {
            problem = RemoteHostProblem.CLIENT_CERTIFICATE_REJECTED;
            explanation = "the remote server rejected this side's client certificate" + cn(conf)
                    + (lower.contains("unknown ca") ? ": it is not signed by a CA in the remote's tls-server-ca-file"
                            : "");
            fix = "sign the client certificate with the CA the remote's tls-server-ca-file holds (or add its CA there and "
                    + "reload the remote server with SIGHUP)";
        } else if (code == ErrorCode.ACCESS || lower.contains("access denied")) {
            problem = RemoteHostProblem.NOT_AUTHORIZED;
            explanation = "the remote server does not authorize this side's client certificate" + cn(conf)
                    + " for stanza '" + stanza + "'";
            fix = "on the remote, add tls-server-auth=" + cnOr(conf, "<client CN>") + "=" + stanza
                    + " (TlsServer.authorize) and reload its pgbackrest server (SIGHUP)";
        } else if (lower.contains("group or other permissions")) {
            problem = RemoteHostProblem.KEY_FILE_PERMISSIONS;
            explanation = "a TLS key file can be read by group or others, and pgBackRest refuses it";
            fix = "chmod 0600 the key file named above and make the user pgBackRest runs as own it";
        } else if (lower.contains("hostconnecterror") || code == ErrorCode.HOST_CONNECT
                || lower.contains("connection refused")) {
            problem = RemoteHostProblem.UNREACHABLE;
            explanation = "no pgBackRest TLS server answered at the remote host" + endpoint(text)
                    + " (pgBackRest retries until io-timeout runs out, twice)";
            fix = "start the remote's server (PgBackRestServer, or systemctl start pgbackrest-server), check host, port "
                    + "and firewall; lower io-timeout to fail faster";
        } else if (code == ErrorCode.FILE_OPEN && lower.contains("raised from remote")) {
            problem = RemoteHostProblem.REMOTE_CONFIG_UNREADABLE;
            explanation = "the remote could not open its configuration file";
            fix = "set remoteConfigFile(...) of the RemoteHost (repo1-host-config / pg1-host-config) to the path of "
                    + "pgbackrest.conf on the remote, readable by the user its server runs as";
        } else if (code == ErrorCode.HOST_INVALID) {
            problem = RemoteHostProblem.WRONG_HOST;
            explanation = command + " cannot run on this host in a repository-host setup";
            fix = "run " + command + " with the repository host's configuration (the one with pgHost(...))";
        } else {
            return Optional.empty();
        }
        String message = prefix + " - " + explanation + " [fix: " + fix + "]";
        return Optional.of(new RemoteHostException(code, problem, message, hints, result));
    }

    private static final Pattern HOST_OPTION = Pattern.compile("(?:repo|pg)\\d+-host|tls-server-address");

    /**
     * True when the configuration names a remote host or a TLS server. A file pitr could not read (e.g. a
     * 0640 /etc/pgbackrest/pgbackrest.conf while pitr is not root) gets the generic mapping, which still
     * carries pgBackRest's own message.
     */
    static boolean usesRemoteHost(ConfFile conf) {
        return conf.entries().stream().anyMatch(e -> HOST_OPTION.matcher(e.key()).matches());
    }

    /** " (CN=x)" of the client certificate this side presents, or "" when it cannot be read. */
    private static String cn(ConfFile conf) {
        return clientCn(conf).map(c -> " (CN=" + c + ")").orElse("");
    }

    private static String cnOr(ConfFile conf, String fallback) {
        return clientCn(conf).orElse(fallback);
    }

    static Optional<String> clientCn(ConfFile conf) {
        try {
            for (ConfReader.Entry e : conf.entries()) {
                if (CLIENT_CERT.matcher(e.key()).matches()) {
                    try (InputStream in = Files.newInputStream(Path.of(e.value()))) {
                        X509Certificate x = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                        Matcher m = CN.matcher(x.getSubjectX500Principal().getName());
                        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
                    }
                }
            }
        } catch (Exception unreadable) {
            // Naming the CN is a courtesy; the failure itself is reported anyway.
        }
        return Optional.empty();
    }

    private static String endpoint(String text) {
        Matcher m = Pattern.compile("unable to connect to '([^']+)'").matcher(text);
        return m.find() ? " " + m.group(1) : "";
    }
}
