package dev.pitr.examples.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny JSON writer for the status endpoint, so the example needs nothing beyond pitr-core and the JDK.
 * Values: null, String, Number, Boolean, Instant (ISO-8601), Duration (milliseconds), Optional, Map, Collection.
 */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, 0);
        return out.append('\n').toString();
    }

    private static void append(StringBuilder out, Object value, int depth) {
        if (value instanceof Optional<?> o) {
            append(out, o.orElse(null), depth);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Duration d) {
            out.append(d.toMillis());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(": ");
                append(out, e.getValue(), depth + 1);
            }
            out.append(first ? "}" : "\n" + "  ".repeat(depth) + "}");
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "" : ", ");
                first = false;
                append(out, item, depth + 1);
            }
            out.append(']');
        } else {
            string(out, value instanceof Instant i ? i.toString() : value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
