package dev.pitr.maven;

/** settings.xml files for the IT builds. */
final class SettingsXml {
    private SettingsXml() {
    }

    /** Declares the plugin group, so {@code mvn pitr:check} resolves the prefix. */
    static String pluginGroupOnly() {
        return withServers("");
    }

    /** Also a {@code <server>} with this id and (usually encrypted) password. */
    static String withServer(String id, String password) {
        return withServers("<servers><server><id>" + id + "</id><password>" + password + "</password></server></servers>");
    }

    private static String withServers(String servers) {
        // Third-party artifacts come from the outer build's local repository, read as a file:// mirror: the
        // builds stay offline (only file: is allowed) and install nothing there.
        return """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <pluginGroups>
                    <pluginGroup>dev.pitr</pluginGroup>
                  </pluginGroups>
                  <mirrors>
                    <mirror>
                      <id>outer-local-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                  %s
                </settings>
                """.formatted(MavenBuild.OUTER_REPOSITORY.toUri(), servers);
    }
}
