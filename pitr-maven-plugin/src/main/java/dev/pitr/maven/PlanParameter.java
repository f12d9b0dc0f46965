package dev.pitr.maven;

import dev.pitr.drill.RestoreTestPlan;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The restore-test plan of pitr:restore-drill from {@code <plan>} and {@code -Dpitr.plan.*}: empty when neither
 * sets anything (the drill then runs as configured, without a plan). Values are checked here, before pgBackRest
 * runs, and a bad one names its element and property.
 */
final class PlanParameter {
    private PlanParameter() {
    }

    static Optional<RestoreTestPlan> resolve(PropertyResolver props, PlanParameters pom) {
        PlanParameters p = pom == null ? new PlanParameters() : pom;
        Optional<String> selection = props.string(Param.PLAN_SELECTION, p.selection);
        Optional<Integer> windowDays = props.integer(Param.PLAN_WINDOW_DAYS, p.windowDays);
        Optional<String> repositories = props.string(Param.PLAN_REPOSITORIES, p.repositories);
        Optional<String> target = props.string(Param.PLAN_TARGET, p.target);
        Optional<Long> seed = props.string(Param.PLAN_SEED, p.seed == null ? null : p.seed.toString()).map(s -> {
            try {
                return Long.valueOf(s);
            } catch (NumberFormatException e) {
                throw new PluginConfigurationException(Param.PLAN_SEED, "'" + s + "' is not a whole number",
                        "give the seed a report recorded (its 'seed' field), e.g. -Dpitr.plan.seed=42");
            }
        });
        var startWindow = props.duration(Param.PLAN_START_WINDOW, p.startWindow);
        var validationWindow = props.duration(Param.PLAN_VALIDATION_WINDOW, p.validationWindow);
        Optional<Instant> scheduledAt = props.string(Param.PLAN_SCHEDULED_AT, p.scheduledAt).map(s -> {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw new PluginConfigurationException(Param.PLAN_SCHEDULED_AT, "'" + s + "' is not an ISO-8601 instant",
                        "e.g. 2026-12-01T05:00:00Z (a report's plan.scheduledAt)");
            }
        });
        if (selection.isEmpty() && windowDays.isEmpty() && repositories.isEmpty() && target.isEmpty() && seed.isEmpty()
                && startWindow.isEmpty() && validationWindow.isEmpty() && scheduledAt.isEmpty()) {
            return Optional.empty();
        }
        RestoreTestPlan plan = RestoreTestPlan.defaults();
        plan = selection.map(RestoreTestPlan.Selection::parse).map(plan::selection).orElse(plan);
        plan = windowDays.map(plan::windowDays).orElse(plan);
        plan = repositories.map(RestoreTestPlan.Repositories::parse).map(plan::repositories).orElse(plan);
        plan = target.map(RestoreTestPlan.Target::parse).map(plan::target).orElse(plan);
        plan = seed.map(plan::seed).orElse(plan);
        plan = startWindow.map(plan::startWindow).orElse(plan);
        plan = validationWindow.map(plan::validationWindow).orElse(plan);
        return Optional.of(scheduledAt.map(plan::scheduledAt).orElse(plan));
    }
}
