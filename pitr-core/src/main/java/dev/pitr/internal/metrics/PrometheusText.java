package dev.pitr.internal.metrics;

import dev.pitr.metrics.PitrMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format, version 0.0.4: {@code # HELP} and {@code # TYPE} before each metric's
 * samples, label values escaped (backslash, double quote, line feed), HELP text escaped (backslash, line
 * feed), families in the order given and samples in their (sorted) order, so two renderings of the same
 * figures are byte for byte the same.
 */
public final class PrometheusText {
    /** The Content-Type a scrape endpoint serves this format with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String render(List<PitrMetrics.Family> families, Instant now) {
        StringBuilder out = new StringBuilder();
        for (PitrMetrics.Family f : families) {
            if (f.samples().isEmpty()) {
                continue;
            }
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(" gauge\n");
            for (PitrMetrics.Sample s : f.samples()) {
                out.append(f.name());
                if (!s.labels().isEmpty()) {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> l : s.labels().entrySet()) {
                        if (!first) {
                            out.append(',');
                        }
                        first = false;
                        out.append(l.getKey()).append("=\"").append(escapeLabelValue(l.getValue())).append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(number(s.valueAt(now))).append('\n');
            }
        }
        return out.toString();
    }

    static String escapeLabelValue(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Integral values without a fraction (byte counts, status codes), others in plain decimal (no exponent). */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).toPlainString();
    }
}
