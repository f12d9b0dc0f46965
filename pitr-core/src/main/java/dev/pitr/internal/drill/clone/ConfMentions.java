package dev.pitr.internal.drill.clone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters the clone's configuration files name: {@code postgresql.conf} and {@code postgresql.auto.conf} of its
 * data directory, the two files PostgreSQL reads when nothing includes more. A parameter no line names has
 * PostgreSQL's built-in value there. When that cannot be told for sure (an include directive, a file that cannot be
 * read, a line this does not understand), every parameter counts as named, and is read from PostgreSQL itself.
 */
final class ConfMentions {
    private static final List<String> FILES = List.of("postgresql.conf", "postgresql.auto.conf");
    /** Old names PostgreSQL still reads as today's (its map_old_guc_names, unchanged from 8.0 through 18). */
    private static final Map<String, String> OLD_NAMES = Map.of("sort_mem", "work_mem", "vacuum_mem",
            "maintenance_work_mem");

    /** Empty: every parameter may be set. */
    private final Optional<Set<String>> named;

    private ConfMentions(Optional<Set<String>> named) {
        this.named = named;
    }

    static ConfMentions of(Path dataDirectory) {
        Set<String> named = new HashSet<>();
        for (String name : FILES) {
            Path file = dataDirectory.resolve(name);
            if (!Files.exists(file)) {
                continue; // PostgreSQL refuses to start without postgresql.conf; a missing auto.conf names nothing
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) { // a file that is not UTF-8 too: not guessed at
                return new ConfMentions(Optional.empty());
            }
            for (String line : lines) {
                String bare = line.strip();
                if (bare.isEmpty() || bare.startsWith("#")) {
                    continue;
                }
                Optional<PgConfLine> setting = PgConfLine.parse(line);
                if (setting.isEmpty() || setting.get().isInclude()) {
                    return new ConfMentions(Optional.empty());
                }
                String parameter = setting.get().name();
                named.add(OLD_NAMES.getOrDefault(parameter, parameter));
            }
        }
        return new ConfMentions(Optional.of(named));
    }

    /** True when a line of the files may set {@code parameter} (names compare as PostgreSQL compares them). */
    boolean names(String parameter) {
        return named.map(n -> n.contains(parameter.toLowerCase(Locale.ROOT))).orElse(true);
    }
}
