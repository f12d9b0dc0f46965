package dev.pitr.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registers a stanza's {@link PitrMetrics} as Micrometer gauges, under the same names and labels as the
 * Prometheus text (tags = labels). Micrometer is an optional dependency of pitr-core: a service that uses this
 * class has {@code io.micrometer:micrometer-core} already; nothing else in pitr needs it.
 *
 * <p>The binder holds the newest figures; the application collects them on its own schedule (a collection
 * runs {@code pgbackrest info} and connects to PostgreSQL, so not on every scrape) and hands them over with
 * {@link #update(PitrMetrics)}. Ages are computed when the registry reads a gauge, so they grow between
 * updates and an alert on an age fires even if collecting stops. Series that disappear from an update (a rule
 * that no longer runs, a repository removed) are removed from the registries.
 *
 * <pre>{@code
 * PitrMeterBinder pitr = new PitrMeterBinder();
 * pitr.bindTo(registry);                                             // or let Spring Boot bind the bean
 * scheduler.scheduleAtFixedRate(() -> pitr.update(pgbr.metrics().reportDirectory(reports).collect()),
 *         0, 10, TimeUnit.MINUTES);
 * }</pre>
 */
public final class PitrMeterBinder implements MeterBinder {
    private final Clock clock;
    private volatile Optional<PitrMetrics> metrics = Optional.empty();
    private volatile Map<String, PitrMetrics.Sample> samples = Map.of();
    /** The gauges this binder registered, per registry, by series key; guarded by {@code this}. */
    private final Map<MeterRegistry, Map<String, Meter>> registered = new LinkedHashMap<>();

    /** A binder without figures yet; ages measured against the system clock. */
    public PitrMeterBinder() {
        this(Clock.systemUTC());
    }

    /** A binder whose ages are measured against {@code clock} (tests). */
    public PitrMeterBinder(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A binder holding these figures already. */
    public static PitrMeterBinder of(PitrMetrics initial) {
        PitrMeterBinder b = new PitrMeterBinder();
        b.update(initial);
        return b;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registered.putIfAbsent(Objects.requireNonNull(registry, "registry"), new HashMap<>());
        sync(registry);
    }

    /** Replaces the figures; every bound registry gains the new series and loses the vanished ones. */
    public synchronized void update(PitrMetrics newest) {
        Map<String, PitrMetrics.Sample> next = new HashMap<>();
        for (PitrMetrics.Family f : newest.families()) {
            for (PitrMetrics.Sample s : f.samples()) {
                next.put(key(f.name(), s), s);
            }
        }
        samples = Map.copyOf(next);
        metrics = Optional.of(newest);
        registered.keySet().forEach(this::sync);
    }

    /** The figures of the last update. */
    public Optional<PitrMetrics> metrics() {
        return metrics;
    }

    private void sync(MeterRegistry registry) {
        Map<String, Meter> mine = registered.get(registry);
        Map<String, PitrMetrics.Sample> current = samples;
        for (String gone : new ArrayList<>(mine.keySet())) {
            if (!current.containsKey(gone)) {
                registry.remove(mine.remove(gone));
            }
        }
        for (PitrMetrics.Family f : metrics.map(PitrMetrics::families).orElse(List.of())) {
            for (PitrMetrics.Sample s : f.samples()) {
                String key = key(f.name(), s);
                if (!mine.containsKey(key)) {
                    List<Tag> tags = s.labels().entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList();
                    mine.put(key, Gauge.builder(f.name(), this, b -> b.read(key)).description(f.help()).tags(tags)
                            .strongReference(true).register(registry));
                }
            }
        }
    }

    /** The series' value now; NaN once it is gone (it is being removed). */
    private double read(String key) {
        PitrMetrics.Sample s = samples.get(key);
        return s == null ? Double.NaN : s.valueAt(clock.instant());
    }

    private static String key(String name, PitrMetrics.Sample s) {
        return name + s.labels();
    }
}
