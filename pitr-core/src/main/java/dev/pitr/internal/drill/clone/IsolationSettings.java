package dev.pitr.internal.drill.clone;

import static dev.pitr.internal.drill.clone.SettingGroup.quoted;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clone's own port, socket and authentication: a unix socket in the scratch directory and no TCP
 * listener, so nothing can reach the clone by mistake and it collides with nothing; a drill-only
 * pg_hba.conf and an empty pg_ident.conf; its pid file in the scratch directory; a cluster_name that says what
 * the processes are.
 */
public final class IsolationSettings {
    public static final String CLUSTER_NAME = "pitr-drill";

    private IsolationSettings() {
    }

    public static SettingGroup group(int port, Path socketDirectory, Path hbaFile, Path identFile) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("port", Integer.toString(port));
        s.put("listen_addresses", "''");
        s.put("unix_socket_directories", quoted(socketDirectory.toString()));
        s.put("unix_socket_group", "''");
        s.put("unix_socket_permissions", "0700");
        s.put("hba_file", quoted(hbaFile.toString()));
        s.put("ident_file", quoted(identFile.toString()));
        s.put("cluster_name", quoted(CLUSTER_NAME));
        // Production's names a file outside the clone; an empty value makes the server complain at every start.
        s.put("external_pid_file", quoted(socketDirectory.resolveSibling("postmaster.external.pid").toString()));
        s.put("hot_standby", "on");
        return new SettingGroup("isolation", "the clone's own socket, no TCP, drill-only authentication", s, true);
    }
}
