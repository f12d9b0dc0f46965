package dev.pitr.internal.exec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last N lines seen, thread-safe; bounded so chatty output cannot exhaust the heap. */
final class LineTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    LineTail(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > 2000 ? line.substring(0, 2000) + "..." : line);
    }

    synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }
}
