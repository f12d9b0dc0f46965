package dev.pitr.maven;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pitr.FluentConfiguration;
import dev.pitr.HealthCheck;
import dev.pitr.PgBackRest;
import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.PitrConfiguration;
import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import dev.pitr.operation.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.mockito.Answers;

/**
 * Puts a goal into the state Maven would: session properties (-D), system and POM properties, an
 * environment, and a fake pgBackRest loader, so configuration handling is tested without running anything.
 */
final class MojoFixture {
    final Properties user = new Properties();
    final Properties system = new Properties();
    final Properties project = new Properties();
    final Map<String, String> env = new HashMap<>();
    final List<String> infos = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Path configFile;
    final Path reportDirectory;
    int loads;
    Function<FluentConfiguration, PgBackRest> loader = c -> {
        throw new AssertionError("pgBackRest must not be loaded");
    };

    /**
     * The fixtures' report directories, deleted with what the goals wrote into them when the test JVM exits
     * ({@code deleteOnExit} deletes only an empty directory: every run used to leave a score of them in /tmp).
     */
    private static final List<Path> REPORT_DIRECTORIES = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> REPORT_DIRECTORIES.forEach(MojoFixture::deleteTree),
                "pitr-test-report-directories"));
    }

    MojoFixture() {
        try {
            configFile = Files.createTempFile("pitr-plugin-test", ".conf");
            configFile.toFile().deleteOnExit();
            reportDirectory = Files.createTempDirectory("pitr-plugin-reports");
            REPORT_DIRECTORIES.add(reportDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a test JVM that exits leaves at worst a directory in /tmp
        }
    }

    /** Wires a goal to this fixture; the POM's values are set on the returned goal's fields by the test. */
    <T extends AbstractPitrMojo> T wire(T mojo) {
        MavenSession session = mock(MavenSession.class);
        when(session.getUserProperties()).thenReturn(user);
        when(session.getSystemProperties()).thenReturn(system);
        mojo.session = session;
        mojo.settings = new Settings();
        mojo.executable = "pgbackrest";
        mojo.failOnError = true;
        mojo.configFile = configFile.toString();
        mojo.setLog(log());
        MavenProject mavenProject = new MavenProject();
        mavenProject.getModel().setProperties(project);
        mojo.project = mavenProject;
        mojo.environment = () -> env;
        mojo.loader = c -> {
            loads++;
            return loader.apply(c);
        };
        return mojo;
    }

    /** A PgBackRest mock that answers the configuration questions the goals ask. */
    static PgBackRest pgBackRest(String stanza) {
        PgBackRest pgbr = mock(PgBackRest.class);
        PitrConfiguration config = new PitrConfiguration(stanza, "pgbackrest", PgBackRestVersion.MINIMUM,
                Path.of("/etc/pgbackrest.conf"), false, List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.<Operation, Duration>of(), Map.of(), java.util.Set.of());
        when(pgbr.configuration()).thenReturn(config);
        when(pgbr.version()).thenReturn(PgBackRestVersion.MINIMUM);
        return pgbr;
    }

    /** Makes {@code pgbr.healthCheck()} return a fluent mock whose {@code run()} reports these results. */
    static HealthCheck healthCheck(PgBackRest pgbr, RuleResult... results) {
        HealthCheck check = mock(HealthCheck.class, Answers.RETURNS_SELF);
        String stanza = pgbr.configuration().stanza();
        when(pgbr.healthCheck()).thenReturn(check);
        when(check.run()).thenReturn(new HealthReport(stanza, Instant.parse("2026-11-26T12:00:00Z"),
                List.of(results), HealthMetrics.none()));
        return check;
    }

    private Log log() {
        return new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                infos.add(content.toString());
            }

            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }

            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }
        };
    }

    PropertyResolver resolver() {
        return new PropertyResolver(user, system, project, env);
    }
}
