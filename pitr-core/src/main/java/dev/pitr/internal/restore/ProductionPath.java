package dev.pitr.internal.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a directory pitr is about to write relates to the production data directory ({@code pg1-path}),
 * with symlinks resolved as far as the paths exist: a link to, or another spelling of, the production
 * directory is recognised. The one check restores and drills both rely on.
 */
public final class ProductionPath {
    /** Where a directory lies relative to pg1-path. */
    public enum Relation {
        /** Neither inside nor around it. */
        OUTSIDE,
        /** The production directory itself. */
        SAME,
        /** A parent or a child of it: never written, confirmation or not. */
        OVERLAPS
    }

    private ProductionPath() {
    }

    public static Relation relation(Path candidate, Path production) {
        Path c = resolved(candidate);
        Path p = resolved(production);
        if (c.equals(p)) {
            return Relation.SAME;
        }
        return c.startsWith(p) || p.startsWith(c) ? Relation.OVERLAPS : Relation.OUTSIDE;
    }

    /** The path with symlinks resolved as far as it exists (the rest appended). */
    public static Path resolved(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }
}
