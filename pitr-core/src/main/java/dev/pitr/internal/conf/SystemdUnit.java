package dev.pitr.internal.conf;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Renders the systemd service unit for a {@code pgbackrest server} (the production form of PgBackRestServer). */
public final class SystemdUnit {
    private SystemdUnit() {
    }

    public static String render(String stanza, String executable, Path configFile, String user) {
        return "# Rendered by pitr: pgBackRest TLS server (dedicated repository host setup), stanza " + stanza + ".\n"
                + "# Install as /etc/systemd/system/pgbackrest-server.service, then:\n"
                + "#   systemctl daemon-reload && systemctl enable --now pgbackrest-server\n"
                + "[Unit]\n"
                + "Description=pgBackRest TLS server (" + stanza + ")\n"
                + "Documentation=https://pgbackrest.org/user-guide.html\n"
                + "After=network-online.target\n"
                + "Wants=network-online.target\n"
                + "\n"
                + "[Service]\n"
                + "Type=simple\n"
                + "User=" + user + "\n"
                + "ExecStart=" + absolute(executable) + " --config=" + configFile + " server\n"
                + "# Re-reads the configuration (e.g. a new tls-server-auth line) without dropping the listener.\n"
                + "ExecReload=/bin/kill -HUP $MAINPID\n"
                + "Restart=on-failure\n"
                + "RestartSec=5\n"
                + "TimeoutStopSec=30\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }

    /** systemd wants an absolute ExecStart path; resolve a bare name on PATH like a shell would. */
    static String absolute(String executable) {
        if (executable.contains("/")) {
            return Path.of(executable).toAbsolutePath().toString();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "/usr/bin/" + executable;
    }
}
