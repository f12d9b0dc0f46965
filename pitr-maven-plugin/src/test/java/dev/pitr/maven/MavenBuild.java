package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mvn} run of a small project against the packaged plugin, as a pipeline would run it: its
 * own process (argv list, no shell), offline, against the private local repository the build installed the
 * plugin into (never ~/.m2), with a settings.xml that declares the {@code dev.pitr} plugin group. The one
 * Maven test helper: the plugin's ITs use it, and pitr-examples' PipelinePomsIT through this module's test-jar.
 *
 * <p>Failsafe passes the locations as system properties: {@code it.localRepository}, {@code it.outerRepository}
 * and {@code it.workDirectory}; {@code it.pluginVersion} and {@code it.projectsDirectory} for the templates.
 */
public final class MavenBuild {
    static final Path LOCAL_REPOSITORY = Path.of(required("it.localRepository"));
    static final Path OUTER_REPOSITORY = Path.of(required("it.outerRepository"));
    public static final Path WORK = Path.of(required("it.workDirectory"));

    static {
        writePluginPrefixMetadata();
    }

    private final Path directory;
    private final List<String> arguments = new ArrayList<>();
    private Path settings;

    private MavenBuild(Path directory) {
        this.directory = directory;
    }

    /** Copies {@code projects/<template>/pom.xml} to a fresh directory and fills in its {@code @name@} placeholders. */
    static MavenBuild project(String template, String name, Map<String, String> values) {
        try {
            Path dir = WORK.resolve(name);
            Files.createDirectories(dir);
            String pom = Files.readString(Path.of(required("it.projectsDirectory")).resolve(template).resolve("pom.xml"));
            Map<String, String> all = new LinkedHashMap<>(values);
            all.put("pluginVersion", required("it.pluginVersion"));
            for (Map.Entry<String, String> e : all.entrySet()) {
                pom = pom.replace("@" + e.getKey() + "@", e.getValue());
            }
            assertTrue(!pom.matches("(?s).*@[A-Za-z]+@.*"), "unfilled placeholder in " + template + ": " + pom);
            Files.writeString(dir.resolve("pom.xml"), pom);
            MavenBuild build = new MavenBuild(dir);
            build.settings(SettingsXml.pluginGroupOnly());
            return build;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of an existing pom (as is, no placeholders) in a fresh directory under {@link #WORK}. */
    public static MavenBuild copyOf(Path pom, String name) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(WORK), name + "-");
            Files.copy(pom, dir.resolve("pom.xml"));
            MavenBuild build = new MavenBuild(dir);
            build.settings(SettingsXml.pluginGroupOnly());
            return build;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    MavenBuild settings(String settingsXml) {
        try {
            settings = directory.resolve("settings.xml");
            Files.writeString(settings, settingsXml);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Runs {@code mvn} with these goals and -D options and returns the result; the log is kept as build.log. */
    public Result run(String... goalsAndOptions) {
        return runWithin(Duration.ofMinutes(10), goalsAndOptions);
    }

    /** {@link #run} that gives up (killing the build) after {@code limit}. */
    public Result runWithin(Duration limit, String... goalsAndOptions) {
        List<String> argv = new ArrayList<>(List.of("mvn", "-B", "-o", "-ntp", "-Dstyle.color=never",
                "-Daether.offline.protocols=file",
                "-Dmaven.repo.local=" + LOCAL_REPOSITORY, "-s", settings.toString()));
        argv.addAll(arguments);
        argv.addAll(List.of(goalsAndOptions));
        Path log = directory.resolve("build.log");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // A pipeline's runbook variables in the test JVM must not change what these builds mean.
        pb.environment().keySet().removeIf(k -> k.startsWith("PGBACKREST_") || k.startsWith("PITR_")
                || k.equals("PGDATA_RESTORE_DIR") || k.equals("MAVEN_ARGS"));
        try {
            Process p = pb.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError("mvn " + String.join(" ", goalsAndOptions) + " did not finish within " + limit);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Maven's own password encryption ({@code mvn --encrypt-master-password} / {@code --encrypt-password}),
     * so the settings.xml secrets in the ITs are in the format users write.
     *
     * @param settingsSecurity the settings-security.xml to use for --encrypt-password, or null
     */
    static String encrypt(String option, String value, Path settingsSecurity) {
        List<String> argv = new ArrayList<>(List.of("mvn", "-B", "-q"));
        if (settingsSecurity != null) {
            argv.add("-Dsettings.security=" + settingsSecurity);
        }
        argv.addAll(List.of(option, value));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("mvn " + option + " failed: " + out);
            }
            return out.lines().map(l -> l.replaceAll("\\u001B\\[[0-9;]*m", "").strip()).filter(l -> l.startsWith("{"))
                    .findFirst().orElseThrow(() -> new AssertionError("no encrypted value in: " + out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * What {@code mvn install} writes for a plugin group and the installer used here does not: the mapping
     * of the prefix {@code pitr} to the plugin, which {@code mvn pitr:check} needs with {@code <pluginGroups>}.
     */
    private static void writePluginPrefixMetadata() {
        try {
            Path file = LOCAL_REPOSITORY.resolve("dev/pitr/maven-metadata-local.xml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <metadata>
                      <plugins>
                        <plugin>
                          <name>pitr-maven-plugin</name>
                          <prefix>pitr</prefix>
                          <artifactId>pitr-maven-plugin</artifactId>
                        </plugin>
                      </plugins>
                    </metadata>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the *IT classes through "
                    + "failsafe (mvn verify), which installs the plugin into the private IT repository first");
        }
        return v;
    }

    /** A finished build: exit code and the whole log. */
    public record Result(int exitCode, String log, Path logFile) {
        public boolean success() {
            return exitCode == 0 && log.contains("BUILD SUCCESS");
        }

        public void assertSuccess() {
            assertTrue(success(), "expected BUILD SUCCESS, see " + logFile + ":\n" + log);
        }

        /** BUILD FAILURE from a MojoFailureException: Maven says "There was a failure" / MojoFailureException. */
        public void assertFailure() {
            assertTrue(exitCode != 0 && log.contains("BUILD FAILURE")
                    && log.contains("MojoFailureException"), "expected a BUILD FAILURE by MojoFailureException, see "
                            + logFile + ":\n" + log);
        }

        public void assertError() {
            assertTrue(exitCode != 0 && log.contains("BUILD FAILURE") && log.contains("MojoExecutionException"),
                    "expected a BUILD ERROR by MojoExecutionException, see " + logFile + ":\n" + log);
        }

        public void assertLogContains(String text) {
            assertTrue(log.contains(text), "build log lacks '" + text + "', see " + logFile + ":\n" + log);
        }

        public void assertLogMatches(String regex) {
            assertTrue(java.util.regex.Pattern.compile(regex).matcher(log).find(), "build log has no match for '" + regex
                    + "', see " + logFile + ":\n" + log);
        }

        public void assertLogLacks(String text) {
            assertTrue(!log.contains(text), "build log contains '" + text + "', see " + logFile);
        }
    }
}
