package dev.pitr.internal.pg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * JDBC over a PostgreSQL unix socket. Sandbox and drill servers listen on nothing else
 * ({@code listen_addresses=''}), so the URL names junixsocket's socket factory and the socket file.
 */
public final class Jdbc {
    private Jdbc() {
    }

    /** {@code jdbc:postgresql://localhost:PORT/DB?socketFactory=...&socketFactoryArg=DIR/.s.PGSQL.PORT}. */
    public static String url(Path socketDirectory, int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database
                + "?socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg"
                + "&socketFactoryArg=" + socketDirectory.resolve(".s.PGSQL." + port) + "&sslmode=disable";
    }

    public static Connection connect(Path socketDirectory, int port, String database, String user) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "pitr");
        return DriverManager.getConnection(url(socketDirectory, port, database), props);
    }
}
