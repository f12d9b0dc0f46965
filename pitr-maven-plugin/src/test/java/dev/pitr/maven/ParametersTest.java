package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Setting;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The plugin's vocabulary is one list, taken from core's settings, and nothing outside it is accepted. */
class ParametersTest {
    @Test
    void everyCoreSettingThatThePluginExposesIsAParameterUnderTheSameNames() {
        for (Setting s : Setting.values()) {
            if (s.pomElement().isPresent()) {
                Param p = Param.of(s).orElseThrow(() -> new AssertionError(s + " has a POM element but no Param"));
                assertEquals(s.pomElement().get(), p.element());
                assertEquals(s.property().orElseThrow(), p.property());
            }
        }
    }

    @Test
    void theParameterListIsExactlyWhatTheGoalsDeclare() throws Exception {
        Map<String, String> declared = new TreeMap<>();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("target/classes/META-INF/maven/plugin.xml").toFile());
        NodeList mojos = doc.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            if (text(mojo, "goal").equals("help")) {
                continue;
            }
            NodeList params = ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
            Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
            for (int j = 0; j < params.getLength(); j++) {
                Element p = (Element) params.item(j);
                if (text(p, "editable").equals("true")) {
                    String name = text(p, "name");
                    NodeList expression = configuration.getElementsByTagName(name);
                    declared.put(name, expression.getLength() == 0 ? "" : expression.item(0).getTextContent());
                }
            }
        }
        Set<String> elements = new TreeSet<>();
        Arrays.stream(Param.values()).forEach(p -> elements.add(p.element()));
        assertEquals(declared.keySet(), elements, "every Param is a goal parameter and every goal parameter a Param");
        declared.forEach((element, expression) -> {
            if (!expression.isEmpty()) {
                assertEquals("${" + Param.byElement(element).orElseThrow().property() + "}", expression, element);
            }
        });
    }

    @Test
    void aTypoIsAnsweredWithTheClosestKnownName() {
        Set<String> elements = new TreeSet<>();
        Arrays.stream(Param.values()).forEach(p -> elements.add(p.element()));
        assertEquals(Optional.of("expectedRowCounts"), UnknownParameters.suggestion("expectedRowCount", elements));
        assertEquals(Optional.of("extensions"), UnknownParameters.suggestion("extentions", elements));
        assertEquals(Optional.of("maxRto"), UnknownParameters.suggestion("maxRTO", elements));
        assertEquals(Optional.of("pitr.target"), UnknownParameters.suggestion("pitr.tagret",
                Arrays.stream(Param.values()).map(Param::property).toList()));
        assertEquals(Optional.empty(), UnknownParameters.suggestion("somethingElseEntirely", elements));
    }

    @Test
    void unknownElementsOfThePluginAndOfTheExecutionAreRefusedTogether() {
        Plugin plugin = plugin();
        plugin.setConfiguration(configuration("stanza", "expectedRowCount"));
        PluginExecution execution = new PluginExecution();
        execution.setId("drill");
        execution.setConfiguration(configuration("extentions", "maxRTO"));
        plugin.addExecution(execution);
        PluginConfigurationException e = assertThrows(PluginConfigurationException.class, () -> UnknownParameters
                .refuse(project(plugin), new MojoExecution(plugin, "restore-drill", "drill"), null, null));
        for (String expected : new String[] {"<expectedRowCount> in the plugin's <configuration> is not a pitr parameter; "
                + "did you mean <expectedRowCounts>?", "did you mean <extensions>?", "did you mean <maxRto>?"}) {
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
    }

    @Test
    void anotherExecutionsConfigurationIsNotThisGoalsBusiness() {
        Plugin plugin = plugin();
        PluginExecution other = new PluginExecution();
        other.setId("other");
        other.setConfiguration(configuration("typo"));
        plugin.addExecution(other);
        UnknownParameters.refuse(project(plugin), new MojoExecution(plugin, "check", "default-cli"), null, null);
    }

    @Test
    void anUnknownPitrPropertyIsRefusedAndOthersAreNot() {
        Properties user = new Properties();
        user.setProperty("pitr.tagret", "latest");
        user.setProperty("pitr.stanza", "main");
        user.setProperty("pitr.version", "0.1.0");
        user.setProperty("maven.test.skip", "true");
        Properties system = new Properties();
        system.setProperty("pitr.check.minRetentionFul", "4");
        PluginConfigurationException e = assertThrows(PluginConfigurationException.class,
                () -> UnknownParameters.refuse(null, null, user, system));
        assertTrue(e.getMessage().contains("-Dpitr.tagret is not a pitr property; did you mean -Dpitr.target?"),
                e.getMessage());
        assertTrue(e.getMessage().contains("did you mean -Dpitr.check.minRetentionFull?"), e.getMessage());
        assertTrue(!e.getMessage().contains("pitr.version") && !e.getMessage().contains("-Dpitr.stanza "), e.getMessage());
    }

    private static Plugin plugin() {
        Plugin plugin = new Plugin();
        plugin.setGroupId("dev.pitr");
        plugin.setArtifactId("pitr-maven-plugin");
        return plugin;
    }

    private static MavenProject project(Plugin plugin) {
        Model model = new Model();
        model.setBuild(new Build());
        model.getBuild().addPlugin(plugin);
        return new MavenProject(model);
    }

    private static Xpp3Dom configuration(String... elements) {
        Xpp3Dom dom = new Xpp3Dom("configuration");
        for (String e : elements) {
            Xpp3Dom child = new Xpp3Dom(e);
            child.setValue("x");
            dom.addChild(child);
        }
        return dom;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }
}
