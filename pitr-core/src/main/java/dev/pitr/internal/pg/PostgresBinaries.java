package dev.pitr.internal.pg;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds PostgreSQL's server binaries (initdb, pg_ctl, postgres): an explicit directory, then
 * {@code PITR_PG_BIN}, then the newest {@code /usr/lib/postgresql/N/bin} (Debian/Ubuntu), then
 * {@code /usr/pgsql-N/bin} (RHEL), then PATH.
 */
public record PostgresBinaries(Path binDirectory) {
    public Path initdb() {
        return binDirectory.resolve("initdb");
    }

    public Path pgCtl() {
        return binDirectory.resolve("pg_ctl");
    }

    /** The server itself: {@code --describe-config} and {@code -C} read configurations without starting one. */
    public Path postgres() {
        return binDirectory.resolve("postgres");
    }

    public Path pgControlData() {
        return binDirectory.resolve("pg_controldata");
    }

    public static PostgresBinaries locate(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return verified(explicit.get(), "pgBinDirectory");
        }
        String env = System.getenv("PITR_PG_BIN");
        if (env != null && !env.isBlank()) {
            return verified(Path.of(env), "PITR_PG_BIN");
        }
        Optional<Path> found = newestUnder(Path.of("/usr/lib/postgresql"), "bin")
                .or(() -> newestPgsql())
                .or(PostgresBinaries::onPath);
        return found.map(PostgresBinaries::new).orElseThrow(() -> new PitrConfigurationException(Setting.PG_BIN_DIRECTORY,
                "no PostgreSQL server binaries (initdb, pg_ctl) were found",
                "install the server (Debian/Ubuntu: apt-get install postgresql) or set PITR_PG_BIN to its bin directory"));
    }

    private static PostgresBinaries verified(Path dir, String source) {
        if (!Files.isExecutable(dir.resolve("pg_ctl")) || !Files.isExecutable(dir.resolve("initdb"))) {
            throw new PitrConfigurationException(Setting.PG_BIN_DIRECTORY, dir + " (" + source + ") has no executable initdb and pg_ctl",
                    "point it at PostgreSQL's bin directory, e.g. /usr/lib/postgresql/<major>/bin");
        }
        return new PostgresBinaries(dir);
    }

    private static Optional<Path> newestUnder(Path root, String sub) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path p) -> Double.parseDouble(p.getFileName().toString())).reversed())
                    .map(p -> p.resolve(sub))
                    .filter(p -> Files.isExecutable(p.resolve("pg_ctl")) && Files.isExecutable(p.resolve("initdb")))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> newestPgsql() {
        try (Stream<Path> s = Files.list(Path.of("/usr"))) {
            return s.filter(p -> p.getFileName().toString().matches("pgsql-\\d+"))
                    .sorted(Comparator.comparing((Path p) -> Integer.parseInt(p.getFileName().toString().substring(6))).reversed())
                    .map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("pg_ctl"))).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(":")).map(Path::of)
                .filter(p -> Files.isExecutable(p.resolve("pg_ctl")) && Files.isExecutable(p.resolve("initdb"))).findFirst();
    }
}
