package dev.pitr.internal.os;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the util-linux and sudo tools pitr puts in front of a command ({@code setsid}, {@code runuser},
 * {@code setpriv}, {@code sudo}). They live in {@code /usr/sbin} or {@code /usr/bin}, and cron runs jobs
 * with {@code PATH=/usr/bin:/bin}: looked up on PATH first, then in the system directories, so a cron job
 * finds runuser without a PATH of its own.
 */
public final class SystemTools {
    static final List<Path> SYSTEM_DIRECTORIES = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"),
            Path.of("/bin"));
    private static final Map<String, Optional<Path>> FOUND = new ConcurrentHashMap<>();

    private SystemTools() {
    }

    /** The tool's absolute path, from PATH or the system directories; empty when it is nowhere. */
    public static Optional<Path> find(String tool) {
        return FOUND.computeIfAbsent(tool, t -> find(t, System.getenv("PATH"), SYSTEM_DIRECTORIES));
    }

    /** True when {@code command} is an executable file in a directory of this JVM's PATH (how children find it). */
    public static boolean onPath(String command) {
        return find(command, System.getenv("PATH"), List.of()).isPresent();
    }

    static Optional<Path> find(String tool, String pathVariable, List<Path> systemDirectories) {
        List<Path> dirs = new ArrayList<>();
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                if (!entry.isEmpty() && entry.startsWith("/")) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        dirs.addAll(systemDirectories);
        return dirs.stream().map(d -> d.resolve(tool)).filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /** Where the lookup searched, for messages. */
    static String searched(String pathVariable) {
        return "PATH=" + (pathVariable == null ? "" : pathVariable) + " and " + SYSTEM_DIRECTORIES;
    }

    /** The searched directories as a message names them. */
    public static String searched() {
        return searched(System.getenv("PATH"));
    }
}
