package dev.pitr.maven;

import dev.pitr.metrics.MetricsCollector;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code <metricsFile>} / {@code -Dpitr.metricsFile} parameter: where a goal writes the stanza's metrics
 * in the Prometheus text format for node_exporter's textfile collector (atomically; see docs/monitoring.md).
 */
final class MetricsFile {
    private MetricsFile() {
    }

    /** The requested file (relative to the project), refused before anything runs when it cannot be a .prom file. */
    static Optional<Path> resolve(PropertyResolver props, String field, Path baseDirectory) {
        Optional<Path> file = props.path(Param.METRICS_FILE, field, baseDirectory);
        file.ifPresent(f -> {
            if (!f.getFileName().toString().endsWith(".prom")) {
                throw new PluginConfigurationException(Param.METRICS_FILE, f + " does not end in .prom (node_exporter's "
                        + "textfile collector reads only *.prom files)", "name it e.g. pitr-<stanza>.prom in the "
                                + "collector's --collector.textfile.directory");
            }
            if (Files.isDirectory(f)) {
                throw new PluginConfigurationException(Param.METRICS_FILE, f + " is a directory",
                        "give a file name inside it, e.g. " + f.resolve("pitr.prom"));
            }
        });
        return file;
    }

    /** Collects and writes; a file that cannot be written is a BUILD ERROR naming the parameter. */
    static Path write(MetricsCollector collector, Path file) {
        try {
            return collector.collect().writeTextfile(file);
        } catch (UncheckedIOException e) {
            throw new PluginConfigurationException(Param.METRICS_FILE, e.getMessage(),
                    "point it at a file in a directory the build can write");
        }
    }
}
