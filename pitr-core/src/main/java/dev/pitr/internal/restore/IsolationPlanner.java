package dev.pitr.internal.restore;

import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.Setting;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.internal.drill.clone.SettingGroup;
import dev.pitr.internal.os.Ports;
import dev.pitr.restore.IsolatedCluster;
import dev.pitr.restore.Isolation;
import dev.pitr.restore.RestoreInterlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a restore into a directory other than production's will do when started. Asked to be isolated, it
 * gets settings that make it safe to start beside production (planned here: port, socket directory, no
 * archiving, no primary); otherwise the plan carries a warning that says what production's configuration,
 * restored with the files, will make it do.
 */
final class IsolationPlanner {
    static final String NAME = "isolation";
    /** The socket directory inside the restored data directory. */
    static final String SOCKET_DIRECTORY = "pitr-socket";
    /** sun_path holds 108 bytes on Linux, including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    record Outcome(Optional<IsolatedCluster> cluster, Optional<RestoreInterlock> interlock, List<String> warnings) {
    }

    private IsolationPlanner() {
    }

    static Outcome plan(RestoreSpec spec, PitrConfiguration config, ConfFile conf, boolean production) {
        Path dest = spec.pgPath();
        if (spec.isolation().isEmpty()) {
            return new Outcome(Optional.empty(), Optional.empty(), production ? List.of() : List.of(warning(dest, config, conf)));
        }
        Isolation asked = spec.isolation().get();
        if (production) {
            return new Outcome(Optional.empty(), Optional.of(RestoreInterlock.fail(NAME, Setting.RESTORE_ISOLATED, dest
                    + " is the production pg1-path: an isolated restore is a copy to start beside production",
                    "restore the copy into another directory (pgPath / -Dpitr.restoreDirectory), or drop isolated()")),
                    List.of());
        }
        int port = asked.port().orElseGet(Ports::free);
        if (asked.port().isPresent() && asked.listenAddresses().isPresent() && Ports.inUse(port)) {
            return new Outcome(Optional.empty(), Optional.of(RestoreInterlock.fail(NAME, Setting.RESTORE_PORT, "port " + port
                    + " is in use on this host", "give a free port, or leave the port out to get one")), List.of());
        }
        Path socket = dest.resolve(SOCKET_DIRECTORY);
        int socketPath = (socket + "/.s.PGSQL." + port).getBytes(StandardCharsets.UTF_8).length;
        if (socketPath > MAX_SOCKET_PATH) {
            return new Outcome(Optional.empty(), Optional.of(RestoreInterlock.fail(NAME, Setting.RESTORE_PG_PATH,
                    "the socket path " + socket + "/.s.PGSQL." + port + " is " + socketPath + " bytes, longer than the "
                            + MAX_SOCKET_PATH + " a unix socket allows", "restore into a directory with a shorter path")),
                    List.of());
        }
        String listen = asked.listenAddresses().orElse("");
        Map<String, String> s = new LinkedHashMap<>();
        s.put("archive_mode", "'off'");
        s.put("archive_command", "''");
        s.put("port", Integer.toString(port));
        s.put("listen_addresses", quote(listen));
        s.put("unix_socket_directories", quote(socket.toString()));
        s.put("primary_conninfo", "''");
        s.put("primary_slot_name", "''");
        s.put("synchronous_standby_names", "''");
        s.put("archive_cleanup_command", "''");
        s.put("recovery_end_command", "''");
        s.put("cluster_name", quote("pitr-restore-" + config.stanza()));
        IsolatedCluster cluster = new IsolatedCluster(port, socket, listen, s);
        return new Outcome(Optional.of(cluster), Optional.of(RestoreInterlock.pass(NAME, "isolated: archive_mode off, port "
                + port + ", socket " + socket + (listen.isEmpty() ? ", no TCP" : ", TCP on " + listen) + ", no primary")),
                List.of());
    }

    /** What the copy, with production's configuration, does when started. */
    private static String warning(Path dest, PitrConfiguration config, ConfFile conf) {
        String stanza = config.stanza();
        String port = config.pgPort().map(String::valueOf).or(() -> conf.get(stanza, "pg1-port")).orElse("5432");
        String socket = config.pgSocketPath().map(Path::toString).or(() -> conf.get(stanza, "pg1-socket-path"))
                .orElse("PostgreSQL's default socket directory");
        return dest + " is not the production data directory, but it is restored with production's configuration: "
                + "started as it is, it runs production's archive_command with archive_mode=on, pushing WAL towards "
                + "stanza '" + stanza + "'s repository (pgBackRest refuses pushes from a data directory other than "
                + "pg1-path with [032], so WAL piles up in its pg_wal; where pg1-path matches, e.g. on another host, "
                + "it archives into production's repository), listens on production's port " + port + " and socket "
                + "directory " + socket + " (it fails to start while production runs there, or takes production's "
                + "clients when it does not) and keeps production's primary_conninfo and replication settings. Restore "
                + "with isolated() (-Dpitr.restore.isolated=true) for a copy that is safe to start beside production";
    }

    private static String quote(String value) {
        return SettingGroup.quoted(value); // PostgreSQL reads backslash escapes in quoted strings too
    }
}
