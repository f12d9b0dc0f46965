package dev.pitr.maven;

/**
 * A plugin parameter is missing or wrong. Becomes a BUILD ERROR whose message names the POM element and
 * the {@code -Dpitr.*} property to fix, before anything is run.
 */
final class PluginConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PluginConfigurationException(Param param, String problem, String fix) {
        this(param, problem, fix, null);
    }

    PluginConfigurationException(Param param, String problem, String fix, Throwable cause) {
        super(param.describe() + ": " + problem + (fix == null || fix.isEmpty() ? "" : ". Fix: " + fix), cause);
    }

    PluginConfigurationException(String message) {
        super(message);
    }

    PluginConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
