package dev.pitr.maven;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for the build log: a header, a rule, and left-aligned columns. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    TextTable row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
        return this;
    }

    /** The table's lines, ready for one log call each. */
    List<String> lines() {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (int n = 0; n < rows.size(); n++) {
            out.add(line(rows.get(n), width));
            if (n == 0) {
                String[] rule = new String[columns];
                for (int i = 0; i < columns; i++) {
                    // The last column is free text: a rule as long as its longest cell would only add noise.
                    rule[i] = "-".repeat(i == columns - 1 ? Math.min(width[i], 40) : width[i]);
                }
                out.add(line(rule, width));
            }
        }
        return out;
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + width[i] + "s", cells[i]));
        }
        return sb.toString().stripTrailing();
    }
}
