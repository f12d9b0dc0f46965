package dev.pitr.metrics;

import dev.pitr.internal.metrics.PrometheusText;
import dev.pitr.internal.metrics.TextfileWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One collection of a stanza's figures: pgBackRest's state under pgbackrest_exporter's names and labels,
 * and what only pitr knows under {@code pitr_} (names in {@link MetricNames}, meanings in docs/monitoring.md).
 * Every figure is a gauge. Ages are kept as the instant of the event, so they are always seconds since the
 * event at the moment they are read: {@link #toPrometheusText()} renders them as of {@link #collectedAt()},
 * {@link #toPrometheusText(Instant)} and {@link PitrMeterBinder} as of the moment asked.
 *
 * <pre>{@code
 * PitrMetrics m = pgbr.metrics().reportDirectory(Path.of("pitr-reports")).collect();
 * m.writeTextfile(Path.of("/var/lib/prometheus/node-exporter/pitr-nbms.prom"));   // node_exporter textfile
 * }</pre>
 *
 * @param stanza      the stanza the figures describe
 * @param collectedAt the instant the figures were taken (the health check's {@code checkedAt})
 * @param families    one entry per metric name, in a fixed order; a figure that could not be measured is absent
 */
public record PitrMetrics(String stanza, Instant collectedAt, List<Family> families) {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public PitrMetrics {
        Objects.requireNonNull(stanza, "stanza");
        Objects.requireNonNull(collectedAt, "collectedAt");
        families = List.copyOf(families);
    }

    /**
     * All samples of one metric name (every pitr metric is a gauge).
     *
     * @param name    e.g. {@code pgbackrest_backup_since_last_completion_seconds}
     * @param help    the {@code # HELP} text
     * @param samples one per label set, sorted by label values so the output is stable
     */
    public record Family(String name, String help, List<Sample> samples) {
        public Family {
            if (name == null || !METRIC_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a Prometheus metric name: " + name);
            }
            help = help == null ? "" : help;
            samples = samples.stream().sorted(Comparator.comparing(s -> s.labels().toString())).toList();
        }
    }

    /**
     * One value of a metric: a plain number, or the seconds since an instant.
     *
     * @param labels label name to value, sorted by name
     * @param value  the number; ignored when {@code since} is present
     * @param since  for an age: the instant of the event; the value is then the seconds from it to the moment read
     */
    public record Sample(SortedMap<String, String> labels, double value, Optional<Instant> since) {
        public Sample {
            TreeMap<String, String> copy = new TreeMap<>();
            labels.forEach((k, v) -> {
                if (!LABEL_NAME.matcher(k).matches() || k.startsWith("__")) {
                    throw new IllegalArgumentException("not a Prometheus label name: " + k);
                }
                copy.put(k, Objects.requireNonNull(v, k));
            });
            labels = Collections.unmodifiableSortedMap(copy);
            Objects.requireNonNull(since, "since");
        }

        /** A plain value. */
        public static Sample of(Map<String, String> labels, double value) {
            return new Sample(new TreeMap<>(labels), value, Optional.empty());
        }

        /** Seconds since {@code event}, as of the moment the sample is read. */
        public static Sample age(Map<String, String> labels, Instant event) {
            return new Sample(new TreeMap<>(labels), Double.NaN, Optional.of(event));
        }

        /** The value as of {@code now}: for an age, the seconds (millisecond precision) from the event to now. */
        public double valueAt(Instant now) {
            return since.map(t -> Duration.between(t, now).toMillis() / 1000.0).orElse(value);
        }
    }

    /** The metric with this name, if it has any sample. */
    public Optional<Family> family(String name) {
        return families.stream().filter(f -> f.name().equals(name) && !f.samples().isEmpty()).findFirst();
    }

    /** The sample of this metric with exactly these labels. */
    public Optional<Sample> sample(String name, Map<String, String> labels) {
        return family(name).flatMap(f -> f.samples().stream().filter(s -> s.labels().equals(new TreeMap<>(labels)))
                .findFirst());
    }

    /** The value of this metric with exactly these labels, as of {@link #collectedAt()}. */
    public Optional<Double> value(String name, Map<String, String> labels) {
        return sample(name, labels).map(s -> s.valueAt(collectedAt));
    }

    /** The Prometheus text exposition format (version 0.0.4), ages as of {@link #collectedAt()}. */
    public String toPrometheusText() {
        return toPrometheusText(collectedAt);
    }

    /** The Prometheus text exposition format (version 0.0.4), ages as of {@code now}. */
    public String toPrometheusText(Instant now) {
        return PrometheusText.render(families, now);
    }

    /**
     * Writes {@link #toPrometheusText()} for node_exporter's textfile collector: to a temporary file in the same
     * directory, then renamed over {@code file}, so a scrape never reads half a file. The directory is created
     * when missing; the file is readable by all (node_exporter runs as its own user; nothing in it is secret).
     *
     * @return the file written
     * @throws java.io.UncheckedIOException when the directory cannot be written
     */
    public Path writeTextfile(Path file) {
        return TextfileWriter.write(file, toPrometheusText());
    }
}
