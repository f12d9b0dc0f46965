package dev.pitr.internal.drill.clone;

import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters the drill's PostgreSQL server knows ({@code postgres --describe-config}): a setting of
 * another major version (archive_library before 15, promote_trigger_file after 15) is never written, since
 * an unknown name in {@code postgresql.auto.conf} stops the server.
 */
public final class KnownParameters {
    /**
     * One parameter: its name and type ({@code STRING}, {@code BOOLEAN}, ...). The default column of
     * {@code --describe-config} is left out: it prints booleans before they are initialised.
     */
    public record Parameter(String name, String type) {
    }

    private final Map<String, Parameter> parameters;

    KnownParameters(Map<String, Parameter> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    /** Runs {@code postgres --describe-config} of these binaries as the run-as user. */
    public static KnownParameters describe(Path postgres, CommandRunner runner, Optional<String> runAs) {
        ProcessOutput out = runner.run(new CommandSpec(List.of(postgres.toString(), "--describe-config"), Map.of(),
                Map.of(), Duration.ofSeconds(60), runAs, Path.of("/tmp"), "pitr.postgres.describe-config", true));
        if (out.exitCode() != 0) {
            throw new IllegalStateException(postgres + " --describe-config failed: " + out.result().outputTail());
        }
        return parse(out.stdout());
    }

    /** Parses the tab-separated output: name, context, group, type, ... */
    public static KnownParameters parse(String describeConfig) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (String line : describeConfig.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length >= 4 && !f[0].isBlank()) {
                String name = f[0].toLowerCase(Locale.ROOT);
                map.put(name, new Parameter(name, f[3]));
            }
        }
        return new KnownParameters(map);
    }

    /** True for a parameter of this server, or a custom one ({@code extension.name}, which any server accepts). */
    public boolean knows(String name) {
        return name.contains(".") || parameters.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public Optional<Parameter> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    public List<Parameter> all() {
        return List.copyOf(parameters.values());
    }
}
