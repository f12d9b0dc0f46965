package dev.pitr.maven;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Refuses parameters pitr does not have: an element of the plugin's {@code <configuration>} (Maven drops
 * those silently) or a {@code pitr.*} user or system property ({@code -Dpitr.tagret=...}) that no
 * {@link Param} declares. A typo would otherwise run the goal with a default: a drill without its row
 * counts, a restore to latest instead of the target. The error names the closest known name.
 */
final class UnknownParameters {
    /**
     * {@code pitr.*} properties that are not parameters but are commonly set next to them: the plugin's
     * version, as the pipeline POMs spell it ({@code <version>${pitr.version}</version>}).
     */
    static final Set<String> NOT_PARAMETERS = Set.of("pitr.version");
    private static final String PREFIX = "pitr.";

    private UnknownParameters() {
    }

    /** Throws a {@link PluginConfigurationException} listing every unknown element and property. */
    static void refuse(MavenProject project, MojoExecution execution, Properties user, Properties system) {
        List<String> problems = new ArrayList<>();
        for (String element : configurationElements(project, execution)) {
            if (Param.byElement(element).isEmpty()) {
                problems.add("<" + element + "> in the plugin's <configuration> is not a pitr parameter"
                        + suggestion(element, elements()).map(s -> "; did you mean <" + s + ">?").orElse(""));
            }
        }
        Set<String> properties = new TreeSet<>();
        for (Properties p : new Properties[] {user, system}) {
            if (p != null) {
                p.stringPropertyNames().stream().filter(n -> n.startsWith(PREFIX)).forEach(properties::add);
            }
        }
        for (String property : properties) {
            if (Param.byProperty(property).isEmpty() && !NOT_PARAMETERS.contains(property)) {
                problems.add("-D" + property + " is not a pitr property"
                        + suggestion(property, propertyNames()).map(s -> "; did you mean -D" + s + "?").orElse(""));
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginConfigurationException("Unknown pitr parameter" + (problems.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", problems) + ". Fix: correct the name (every parameter is listed by mvn "
                    + "pitr:help -Ddetail and in docs/maven-plugin.md)");
        }
    }

    /**
     * The element names of this plugin's configuration as written in the POM: plugin-wide and this
     * execution's, in build plugins and plugin management. (Maven hands the goal only the elements it knows,
     * so the model is read, not the goal's configuration.)
     */
    static Set<String> configurationElements(MavenProject project, MojoExecution execution) {
        Set<String> names = new TreeSet<>();
        if (project == null || execution == null || project.getBuild() == null) {
            return names;
        }
        String key = execution.getGroupId() + ":" + execution.getArtifactId();
        List<Plugin> declared = new ArrayList<>();
        Optional.ofNullable(project.getBuild().getPluginsAsMap().get(key)).ifPresent(declared::add);
        if (project.getBuild().getPluginManagement() != null) {
            Optional.ofNullable(project.getBuild().getPluginManagement().getPluginsAsMap().get(key)).ifPresent(declared::add);
        }
        for (Plugin plugin : declared) {
            addChildren(names, plugin.getConfiguration());
            PluginExecution own = plugin.getExecutionsAsMap().get(execution.getExecutionId());
            if (own != null) {
                addChildren(names, own.getConfiguration());
            }
        }
        return names;
    }

    private static void addChildren(Set<String> names, Object configuration) {
        if (configuration instanceof Xpp3Dom dom) {
            Arrays.stream(dom.getChildren()).map(Xpp3Dom::getName).forEach(names::add);
        }
    }

    private static List<String> elements() {
        return Arrays.stream(Param.values()).map(Param::element).toList();
    }

    private static List<String> propertyNames() {
        return Arrays.stream(Param.values()).map(Param::property).collect(Collectors.toList());
    }

    /** The known name nearest to {@code name} (edit distance, ignoring case), when it is near enough to be a typo. */
    static Optional<String> suggestion(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, name.length() / 3);
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance, with a swap of two neighbours counting as one edit ("tagret" is one from "target"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
