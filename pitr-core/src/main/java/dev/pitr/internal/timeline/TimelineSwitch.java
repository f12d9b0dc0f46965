package dev.pitr.internal.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of a PostgreSQL timeline history file: the chain left timeline {@code parent} at {@code forkLsn}
 * (for the reason PostgreSQL wrote, e.g. {@code before 2026-12-01 12:27:41.599775+00} or
 * {@code no recovery target specified}). The history file of timeline N lists every ancestor, oldest first.
 */
public record TimelineSwitch(int parent, long forkLsn, String reason) {

    /** Parses a history file: {@code parentTLI<TAB>switchpoint<TAB>reason} lines; comments and blanks skipped. */
    public static List<TimelineSwitch> parse(String text) {
        List<TimelineSwitch> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            if (f.length < 2) {
                throw new IllegalArgumentException("not a timeline history line: '" + line + "'");
            }
            int parent;
            try {
                parent = Integer.parseInt(f[0].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a timeline history line: '" + line + "'");
            }
            Optional<Long> lsn = Lsn.parse(f[1]);
            if (lsn.isEmpty()) {
                throw new IllegalArgumentException("not a timeline history line: '" + line + "'");
            }
            out.add(new TimelineSwitch(parent, lsn.get(), f.length > 2 ? f[2].strip() : ""));
        }
        return out;
    }

    /** {@code timeline 1 at 0/3074030 (before 2026-...)}: where the chain left the parent. */
    public String describe() {
        return "timeline " + parent + " at " + Lsn.format(forkLsn) + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
