package dev.pitr.internal.drill;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.util.Optional;

/**
 * A drill check's subject with the database it runs in: {@code database:subject}, the one syntax every
 * check kind shares ({@code nbms:public.orders} for a row count, {@code nbms:orders-recent} for an SQL check,
 * {@code nbms:postgis} for an extension); without the prefix the check runs in the drill's database.
 *
 * <p>The database is everything before the first colon outside double quotes, used as written (PostgreSQL
 * does not case-fold database names on connect); a name that itself holds a colon is written double-quoted
 * ({@code "ops:eu":public.orders}, with {@code ""} for a quote inside). A colon inside a quoted table name
 * ({@code public."a:b"}) is part of the table.
 */
public record InDatabase(Optional<String> database, String subject) {
    public InDatabase {
        database.ifPresent(d -> {
            if (d.isBlank()) {
                throw new IllegalArgumentException("blank database");
            }
        });
    }

    /** Parses {@code [database:]subject}; a malformed text is refused naming {@code setting}. */
    public static InDatabase parse(Setting setting, String text) {
        if (text == null || text.isBlank()) {
            throw new PitrConfigurationException(setting, "the name is empty", "give " + example(setting));
        }
        int colon = colonOutsideQuotes(text);
        if (colon < 0) {
            return new InDatabase(Optional.empty(), text.strip());
        }
        String database = text.substring(0, colon).strip();
        String subject = text.substring(colon + 1).strip();
        if (database.isEmpty() || subject.isEmpty()) {
            throw new PitrConfigurationException(setting, "'" + text + "' has an empty " + (database.isEmpty()
                    ? "database before" : "name after") + " the ':'", "write database:name, e.g. " + example(setting));
        }
        if (colonOutsideQuotes(subject) >= 0) {
            throw new PitrConfigurationException(setting, "'" + text + "' names more than one database (two ':')",
                    "write database:name once, e.g. " + example(setting) + "; double-quote a database name "
                            + "that contains ':'");
        }
        return new InDatabase(Optional.of(unquote(setting, text, database)), subject);
    }

    /** The same subject in an explicitly given database (the API's overloads). */
    public static InDatabase of(Setting setting, String database, String subject) {
        if (database == null || database.isBlank()) {
            throw new PitrConfigurationException(setting, "the database is empty", "give a database name, e.g. nbms");
        }
        if (subject == null || subject.isBlank()) {
            throw new PitrConfigurationException(setting, "the name is empty", "give " + example(setting));
        }
        return new InDatabase(Optional.of(database), subject.strip());
    }

    /** {@code subject} or {@code database:subject}, as a check's name shows it. */
    public String label() {
        return database.map(d -> (d.contains(":") || d.contains("\"") ? "\"" + d.replace("\"", "\"\"") + "\"" : d)
                + ":").orElse("") + subject;
    }

    /** The database the check runs in: its own, else the drill's. */
    public String databaseOr(String drillDatabase) {
        return database.orElse(drillDatabase);
    }

    private static int colonOutsideQuotes(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(Setting setting, String text, String database) {
        if (!database.contains("\"")) {
            return database;
        }
        if (database.length() < 2 || !database.startsWith("\"") || !database.endsWith("\"")
                || database.substring(1, database.length() - 1).replace("\"\"", "").contains("\"")) {
            throw new PitrConfigurationException(setting, "the database in '" + text + "' is half quoted",
                    "double-quote the whole database name, e.g. \"ops:eu\":name, or leave the quotes out");
        }
        return database.substring(1, database.length() - 1).replace("\"\"", "\"");
    }

    private static String example(Setting setting) {
        return switch (setting) {
            case EXPECTED_ROW_COUNTS -> "nbms:public.orders (or public.orders for the drill's database)";
            case SQL_CHECKS -> "nbms:orders-recent (or orders-recent for the drill's database)";
            case EXTENSIONS -> "nbms:postgis (or postgis for the drill's database)";
            default -> "database:name";
        };
    }
}
