package dev.pitr.examples.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the raw side of the benchmark: an argv (no shell string), stdout captured, stderr passed through.
 * The harness times these from outside, the same way it times pitr's calls.
 */
final class Shell {
    private Shell() {
    }

    /** The prefix that runs a command as the server's OS user (postgres when we are root). */
    static List<String> asServerUser() {
        return "root".equals(System.getProperty("user.name")) ? List.of("runuser", "-u", "postgres", "--") : List.of();
    }

    static List<String> asServerUser(List<String> argv) {
        List<String> full = new ArrayList<>(asServerUser());
        full.addAll(argv);
        return full;
    }

    /** Runs and returns stdout; throws when the exit status is not 0. */
    static String run(List<String> argv) {
        return run(argv, null);
    }

    /** Runs in {@code directory} (null: the current one) and returns stdout; throws unless the exit status is 0. */
    static String run(List<String> argv, java.nio.file.Path directory) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + String.join(" ", argv) + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
