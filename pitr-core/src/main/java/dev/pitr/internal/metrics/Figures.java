package dev.pitr.internal.metrics;

import dev.pitr.metrics.PitrMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects samples per metric name, keeping the order in which the names were declared. */
final class Figures {
    private final Map<String, String> help = new LinkedHashMap<>();
    private final Map<String, List<PitrMetrics.Sample>> samples = new LinkedHashMap<>();

    /** Declares a gauge; its samples come later (a gauge without samples is not rendered). */
    Figures gauge(String name, String helpText) {
        help.put(name, helpText);
        samples.putIfAbsent(name, new ArrayList<>());
        return this;
    }

    void value(String name, Map<String, String> labels, double v) {
        list(name).add(PitrMetrics.Sample.of(labels, v));
    }

    void flag(String name, Map<String, String> labels, boolean on) {
        value(name, labels, on ? 1 : 0);
    }

    void age(String name, Map<String, String> labels, Instant event) {
        list(name).add(PitrMetrics.Sample.age(labels, event));
    }

    List<PitrMetrics.Family> families() {
        List<PitrMetrics.Family> out = new ArrayList<>();
        help.forEach((name, h) -> out.add(new PitrMetrics.Family(name, h, samples.get(name))));
        return out;
    }

    private List<PitrMetrics.Sample> list(String name) {
        List<PitrMetrics.Sample> l = samples.get(name);
        if (l == null) {
            throw new IllegalStateException("metric " + name + " was not declared");
        }
        return l;
    }
}
