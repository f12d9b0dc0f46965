package dev.pitr.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code promtool} (package {@code prometheus}, installed by scripts/ensure-prerequisites.sh), for
 * tests: the real checker of the exposition format and of alert rules. Shared with other modules' tests
 * through pitr-core's test jar.
 */
public final class Promtool {
    /** What promtool printed and its exit code (0: no problem; lint problems exit 3). */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0 && output.isBlank();
        }
    }

    private Promtool() {
    }

    /** {@code promtool check metrics} with the text on standard input. */
    public static Result checkMetrics(String exposition) {
        return run(exposition, "check", "metrics");
    }

    /** {@code promtool check rules FILE}. */
    public static Result checkRules(Path rules) {
        return run(null, "check", "rules", rules.toString());
    }

    /** {@code promtool test rules FILE}: unit tests of alert rules against synthetic series. */
    public static Result testRules(Path tests) {
        return run(null, "test", "rules", tests.toString());
    }

    /** A program of Debian's prometheus package, or a failure saying how to install it. */
    public static Path binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " is not installed: run bash scripts/ensure-prerequisites.sh "
                + "(Debian package prometheus)");
    }

    private static Result run(String stdin, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary("promtool").toString());
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
