package dev.pitr.examples.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, min and max of a set of millisecond timings. */
record Stats(long median, long min, long max, int n) {
    static Stats of(List<Long> values) {
        if (values.isEmpty()) {
            return new Stats(0, 0, 0, 0);
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    String cell() {
        return n == 0 ? "n/a" : median + " (" + min + "–" + max + ")";
    }

    static String ratio(Stats pitr, Stats raw) {
        if (pitr.n == 0 || raw.n == 0 || raw.median == 0) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%.3f (%+.1f %%)", pitr.median / (double) raw.median,
                (pitr.median - raw.median) * 100.0 / raw.median);
    }
}
