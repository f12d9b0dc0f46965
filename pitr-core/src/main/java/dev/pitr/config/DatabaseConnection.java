package dev.pitr.config;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.pg.Jdbc;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * How the preflight reaches PostgreSQL: over the unix socket pgBackRest uses ({@code pg1-socket-path},
 * {@code pg1-port}), or any JDBC URL with a user and an optional password. {@link #toString()} never
 * shows the password.
 */
public final class DatabaseConnection {
    private final String url;
    private final String user;
    private final Optional<Secret> password;
    private final String display;

    private DatabaseConnection(String url, String user, Optional<Secret> password, String display) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.display = display;
    }

    /** The server's unix socket in {@code socketDirectory} for {@code port}, database {@code postgres}. */
    public static DatabaseConnection socket(Path socketDirectory, int port, String user) {
        return new DatabaseConnection(Jdbc.url(socketDirectory, port, "postgres"), Objects.requireNonNull(user),
                Optional.empty(), "socket " + socketDirectory + " port " + port + " as " + user);
    }

    /** Any JDBC URL ({@code jdbc:postgresql://host:5432/postgres}); the password stays a {@link Secret}. */
    public static DatabaseConnection jdbc(String url, String user, Optional<Secret> password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new PitrConfigurationException(Setting.DATABASE_CONNECTION, "'" + url + "' is not a PostgreSQL JDBC URL",
                    "use jdbc:postgresql://host:port/database");
        }
        String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        return new DatabaseConnection(url, Objects.requireNonNull(user), password, shown + " as " + user);
    }

    /** Opens a connection (10 s connect timeout). */
    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        password.ifPresent(p -> props.setProperty("password", p.reveal()));
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "pitr-preflight");
        return DriverManager.getConnection(url, props);
    }

    @Override
    public String toString() {
        return display;
    }
}
