package dev.pitr.internal.drill.clone;

import dev.pitr.internal.os.Ownership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What no {@code postgresql.auto.conf} line can override, disabled in the restored configuration files
 * themselves: {@code data_directory} (read before the auto file: the clone would run on the directory it
 * names, production's, and read production's auto file), {@code config_file}, and {@code include},
 * {@code include_dir} and {@code include_if_exists} directives that reach outside the clone's data
 * directory (this host's, or production's, live configuration). Includes inside the data directory came
 * with the backup; they are followed and cleaned the same way. A disabled line is kept as a comment; a
 * configuration file that is a symbolic link becomes a plain copy.
 */
public final class RestoredConfFiles {
    static final String MARK = "# disabled by the pitr restore drill: ";
    private static final Set<String> NEVER_IN_A_CLONE = Set.of("data_directory", "config_file");

    private RestoredConfFiles() {
    }

    /** Disables those lines in {@code postgresql.conf} (and what it includes inside the data directory). */
    public static List<String> disableOutsideReferences(Path dataDirectory, Optional<String> runAs) {
        Path root = dataDirectory.toAbsolutePath().normalize();
        List<String> disabled = new ArrayList<>();
        clean(root.resolve("postgresql.conf"), root, runAs, disabled, new ArrayList<>());
        clean(root.resolve("postgresql.auto.conf"), root, runAs, disabled, new ArrayList<>());
        return disabled;
    }

    private static void clean(Path file, Path root, Optional<String> runAs, List<String> disabled, List<Path> seen) {
        if (!Files.isRegularFile(file) || seen.contains(file) || seen.size() > 20) {
            return;
        }
        seen.add(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the restored " + file, e);
        }
        // A link (to /etc, or to production's file) is replaced by a copy: the clone reads only its own files.
        boolean changed = Files.isSymbolicLink(file);
        if (changed) {
            disabled.add(root.relativize(file) + ": a symbolic link, replaced by a copy of what it pointed to");
        }
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            Optional<PgConfLine> entry = PgConfLine.parse(line);
            String reason = entry.flatMap(e -> reason(e, file, root)).orElse(null);
            if (reason == null) {
                out.add(line);
                entry.filter(PgConfLine::isInclude).ifPresent(e -> included(e, file).forEach(
                        f -> clean(f, root, runAs, disabled, seen)));
                continue;
            }
            out.add(MARK + reason + ": " + line);
            disabled.add(root.relativize(file) + ": " + line.strip() + " (" + reason + ")");
            changed = true;
        }
        if (changed) {
            Ownership.writePrivateFile(file, String.join("\n", out) + "\n", runAs);
        }
    }

    private static Optional<String> reason(PgConfLine e, Path file, Path root) {
        if (NEVER_IN_A_CLONE.contains(e.name())) {
            return Optional.of(e.name() + " would point the clone at another directory");
        }
        if (e.isInclude() && !target(e, file).startsWith(root)) {
            return Optional.of(e.name() + " outside the clone's data directory");
        }
        return Optional.empty();
    }

    private static Path target(PgConfLine e, Path file) {
        return file.getParent().resolve(e.value()).toAbsolutePath().normalize();
    }

    /** The files an include inside the data directory brings in ({@code include_dir}: its {@code *.conf}). */
    private static List<Path> included(PgConfLine e, Path file) {
        Path target = target(e, file);
        if (!e.name().equals("include_dir")) {
            return List.of(target);
        }
        if (!Files.isDirectory(target)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException ex) {
            return List.of();
        }
    }
}
