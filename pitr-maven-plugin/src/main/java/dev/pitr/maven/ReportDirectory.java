package dev.pitr.maven;

import java.nio.file.Path;

/**
 * The {@code <reportDirectory>} / {@code -Dpitr.reportDirectory} parameter: pitr:restore-drill writes its
 * reports there and pitr:check reads the drill history from there and writes pitr-health.json, so both goals
 * must resolve it the same way.
 */
final class ReportDirectory {
    /** Where the reports go when the POM says nothing (Maven's default, also used without a POM). */
    static final String DEFAULT = "target/pitr-reports";

    private ReportDirectory() {
    }

    static Path resolve(PropertyResolver props, String field, Path baseDirectory) {
        // Without a POM, Maven leaves ${project.build.directory} unexpanded: use ./target/pitr-reports then.
        String configured = field != null && field.contains("${") ? null : field;
        return props.path(Param.REPORT_DIRECTORY, configured, baseDirectory).orElse(baseDirectory.resolve(DEFAULT));
    }
}
