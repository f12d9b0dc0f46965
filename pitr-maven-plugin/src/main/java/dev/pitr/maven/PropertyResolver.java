package dev.pitr.maven;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves one parameter in the documented order: {@code -D} on the command line (session user
 * properties), then JVM system properties, then the POM's {@code <properties>}, then the plugin's
 * {@code <configuration>} (the field), then the runbook's environment variables.
 *
 * <p>Plain Maven lets an explicit {@code <configuration>} value beat {@code -Dpitr.x}; pipelines expect the
 * command line to win (as Flyway and Jib do), so every goal reads its parameters through here.
 */
final class PropertyResolver {
    private final Properties userProperties;
    private final Properties systemProperties;
    private final Properties projectProperties;
    private final Map<String, String> environment;

    PropertyResolver(Properties userProperties, Properties systemProperties, Properties projectProperties,
            Map<String, String> environment) {
        this.userProperties = userProperties != null ? userProperties : new Properties();
        this.systemProperties = systemProperties != null ? systemProperties : new Properties();
        this.projectProperties = projectProperties != null ? projectProperties : new Properties();
        this.environment = environment != null ? environment : Map.of();
    }

    /** The value of a {@code -D}/system/POM property, if set (a bare {@code -Dname} counts as "true"). */
    Optional<String> property(String name) {
        for (Properties p : List.of(userProperties, systemProperties, projectProperties)) {
            String v = p.getProperty(name);
            if (v != null) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }

    /** True when the property is given by any means above the field (used to detect where a value came from). */
    boolean isSetAsProperty(Param param) {
        return property(param.property()).filter(v -> !v.isEmpty()).isPresent();
    }

    /** The string value: property, else field, else the parameter's environment variable (e.g. PGBACKREST_STANZA). */
    Optional<String> string(Param param, String field) {
        Optional<String> fromProperty = property(param.property()).filter(v -> !v.isEmpty());
        if (fromProperty.isPresent()) {
            return fromProperty;
        }
        if (field != null && !field.isBlank()) {
            return Optional.of(field.strip());
        }
        return param.environmentVariable().map(environment::get).filter(v -> !v.isBlank()).map(String::strip);
    }

    /** A flag: {@code -Dpitr.skip} alone means true; otherwise "true"/"false". */
    boolean flag(Param param, boolean field) {
        Optional<String> v = property(param.property());
        if (v.isEmpty()) {
            return field;
        }
        String s = v.get();
        if (s.isEmpty() || s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new PluginConfigurationException(param, "'" + s + "' is not a boolean", "use true or false");
    }

    Optional<Duration> duration(Param param, String field) {
        return duration(param, field, false);
    }

    /** A duration; {@code zeroAllowed} for slack such as a grace period, where PT0S means "none". */
    Optional<Duration> duration(Param param, String field, boolean zeroAllowed) {
        return string(param, field).map(s -> {
            try {
                Duration d = Duration.parse(s);
                if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
                    throw new PluginConfigurationException(param, "'" + s + "' is not a positive duration",
                            "give an ISO-8601 duration such as " + (zeroAllowed ? "PT0S, " : "") + "PT30M or PT2H");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new PluginConfigurationException(param, "'" + s + "' is not an ISO-8601 duration",
                        "write it like PT30M (30 minutes), PT2H or PT90S");
            }
        });
    }

    Optional<Integer> integer(Param param, Integer field) {
        return string(param, field == null ? null : field.toString()).map(s -> {
            try {
                return Integer.valueOf(s);
            } catch (NumberFormatException e) {
                throw new PluginConfigurationException(param, "'" + s + "' is not a number", "give a whole number");
            }
        });
    }

    /** A path; relative paths are taken relative to {@code base} (the project's directory). */
    Optional<Path> path(Param param, String field, Path base) {
        return string(param, field).map(s -> {
            Path p = Path.of(s);
            return (p.isAbsolute() ? p : base.resolve(p)).normalize();
        });
    }

    /**
     * A list: the property is split on {@code separator}, otherwise the POM list is used as given.
     */
    List<String> list(Param param, List<String> field, String separatorRegex) {
        Optional<String> fromProperty = property(param.property()).filter(v -> !v.isEmpty());
        if (fromProperty.isPresent()) {
            List<String> out = new ArrayList<>();
            for (String part : fromProperty.get().split(separatorRegex)) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
            return out;
        }
        return field == null ? List.of() : List.copyOf(field);
    }

    /**
     * A map: the property is {@code key=value} entries split on {@code separator} (the value may itself
     * contain '='), otherwise the POM map is used as given.
     */
    Map<String, String> map(Param param, Map<String, String> field, String separatorRegex) {
        Optional<String> fromProperty = property(param.property()).filter(v -> !v.isEmpty());
        if (fromProperty.isEmpty()) {
            return field == null ? Map.of() : new LinkedHashMap<>(field);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : fromProperty.get().split(separatorRegex)) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new PluginConfigurationException(param, "'" + entry.strip() + "' is not a key=value entry",
                        "write -D" + param.property() + "=key1=value1" + separatorExample(separatorRegex)
                                + "key2=value2");
            }
            out.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return out;
    }

    private static String separatorExample(String regex) {
        return regex.startsWith(";") ? ";" : ",";
    }

    /** An environment variable of the Maven process. */
    Optional<String> environment(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
    }

    Map<String, String> environment() {
        return environment;
    }
}
