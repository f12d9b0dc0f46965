package dev.pitr.internal.drill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The environment of a libpq client the drill starts against its own cluster (the post-restore command,
 * pg_amcheck): PGHOST (the drill's socket directory), PGPORT, PGDATABASE, PGUSER and PITR_JDBC_URL, and none
 * of the JVM's own {@code PG*} variables. An inherited {@code PGHOSTADDR}, {@code PGSERVICE} or {@code PGPASSWORD}
 * would otherwise send the client to, or carry a password of, the production server (and an inherited
 * {@code PGBACKREST_*} secret has no business in it either).
 */
final class DrillClientEnvironment {
    private DrillClientEnvironment() {
    }

    /** The variables that point a client at {@code database} of the drill cluster. */
    static Map<String, String> of(DrillCluster cluster, String database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", cluster.socketDirectory().toString());
        env.put("PGPORT", Integer.toString(cluster.port()));
        env.put("PGDATABASE", database);
        env.put("PGUSER", cluster.user());
        env.put("PITR_JDBC_URL", cluster.jdbcUrl(database));
        return env;
    }

    /**
     * {@code env -u NAME ...} for every {@code PG*} variable of {@code inherited} that {@link #of} does not set
     * itself (the child's environment is the JVM's plus its own), to put before the client's argv; empty
     * when there is none.
     */
    static List<String> unsetPrefix(Map<String, String> inherited) {
        TreeSet<String> names = new TreeSet<>();
        for (String name : inherited.keySet()) {
            if (name.startsWith("PG") && !List.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER").contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(List.of("env"));
        names.forEach(n -> {
            argv.add("-u");
            argv.add(n);
        });
        return argv;
    }

    /** {@code argv} with the inherited libpq variables removed from its environment. */
    static List<String> isolated(List<String> argv) {
        List<String> full = new ArrayList<>(unsetPrefix(System.getenv()));
        full.addAll(argv);
        return full;
    }
}
