package dev.pitr.governance;

import dev.pitr.internal.health.HealthJson;
import dev.pitr.internal.os.ReportFiles;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result list of a {@link dev.pitr.HealthCheck} or {@link dev.pitr.Preflight}: one {@link RuleResult} per rule, in a
 * stable order, plus the monitoring figures.
 *
 * @param stanza    the stanza checked
 * @param checkedAt when the rules were evaluated
 * @param results   one entry per rule
 * @param metrics   last backup age, WAL archive lag, recovery window, last drill age
 */
public record HealthReport(String stanza, Instant checkedAt, List<RuleResult> results, HealthMetrics metrics) {
    /** The name of the monitoring JSON file ({@link #toJson()}) next to the drill reports. */
    public static final String JSON_FILE = "pitr-health.json";

    public HealthReport {
        results = List.copyOf(results);
    }

    /** True when any rule FAILed ({@code pitr:check} then fails the build). */
    public boolean failed() {
        return results.stream().anyMatch(r -> r.status() == RuleResult.Status.FAIL);
    }

    /** The FAIL results. */
    public List<RuleResult> failures() {
        return results.stream().filter(r -> r.status() == RuleResult.Status.FAIL).toList();
    }

    /** The WARN results. */
    public List<RuleResult> warnings() {
        return results.stream().filter(r -> r.status() == RuleResult.Status.WARN).toList();
    }

    /** The worst status: FAIL, else WARN, else PASS. */
    public RuleResult.Status status() {
        return failed() ? RuleResult.Status.FAIL : warnings().isEmpty() ? RuleResult.Status.PASS : RuleResult.Status.WARN;
    }

    /** The result of one rule, by name. */
    public Optional<RuleResult> result(String rule) {
        return results.stream().filter(r -> r.rule().equals(rule)).findFirst();
    }

    /** A fixed-width text table (rule, status, message; fixes listed under it), for logs and the console. */
    public String toTable() {
        int width = Math.max(4, results.stream().mapToInt(r -> r.rule().length()).max().orElse(4));
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-" + width + "s  %-4s  %s%n", "RULE", "", "RESULT"));
        for (RuleResult r : results) {
            out.append(String.format("%-" + width + "s  %-4s  %s%n", r.rule(), r.status(), r.message()));
        }
        List<RuleResult> toFix = results.stream().filter(r -> r.status() != RuleResult.Status.PASS && !r.fix().isEmpty())
                .toList();
        if (!toFix.isEmpty()) {
            out.append(String.format("%nHow to fix:%n"));
            toFix.forEach(r -> out.append(String.format("- %s: %s%n", r.rule(), r.fix())));
        }
        out.append(String.format("%n%s: %d PASS, %d WARN, %d FAIL (stanza %s, %s)%n", status(),
                results.size() - warnings().size() - failures().size(), warnings().size(), failures().size(), stanza,
                checkedAt));
        return out.toString();
    }

    /** The report as one JSON object for monitoring (field names in docs/policy-and-governance.md). */
    public String toJson() {
        return HealthJson.render(stanza, checkedAt, status(), results, metrics);
    }

    /**
     * Writes {@link #toJson()} to {@code file} in one move (a monitor never reads half a file), private to its
     * owner (0600), or 0640 readable by {@code group}: pass the configuration's
     * {@link dev.pitr.config.PitrConfiguration#reportGroup()} so monitoring agents running as that group can read it.
     */
    public java.nio.file.Path writeJson(java.nio.file.Path file, Optional<String> group) {
        return ReportFiles.write(file, toJson(), group);
    }

    /**
     * Writes {@link #toJson()} for monitoring into {@code directory} like {@link #writeJson(java.nio.file.Path,
     * Optional)}: to {@code pitr-health-<stanza>.json}, and to {@code pitr-health.json} as well unless that file
     * holds another stanza's report (so two stanzas never overwrite each other's). Returns the files written.
     */
    public List<java.nio.file.Path> writeJsonFiles(java.nio.file.Path directory, Optional<String> group) {
        return dev.pitr.internal.health.HealthFiles.write(directory, stanza, toJson(), group);
    }

    /** The monitoring JSON's file name for a stanza, {@code pitr-health-<stanza>.json}. */
    public static String jsonFileName(String stanza) {
        return dev.pitr.internal.health.HealthFiles.name(stanza);
    }

    @Override
    public String toString() {
        return toTable();
    }

}
