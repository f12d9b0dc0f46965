package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.drill.RestoreTestPlan.Repositories;
import dev.pitr.drill.RestoreTestPlan.Selection;
import dev.pitr.drill.RestoreTestPlan.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/** {@code <plan>} and {@code -Dpitr.plan.*} of pitr:restore-drill: properties win, bad values name element and property. */
class PlanParametersTest {
    private final MojoFixture f = new MojoFixture();

    @Test
    void noPlanElementAndNoPropertyMeansNoPlan() {
        assertEquals(Optional.empty(), PlanParameter.resolve(f.resolver(), null));
        assertEquals(Optional.empty(), PlanParameter.resolve(f.resolver(), new PlanParameters()));
    }

    @Test
    void thePomPlanIsReadAndEachPropertyOverridesItsChild() {
        PlanParameters pom = new PlanParameters();
        pom.selection = "random";
        pom.windowDays = 14;
        pom.target = "end";
        pom.seed = 7L;
        pom.startWindow = "PT4H";
        f.user.setProperty("pitr.plan.target", "random");
        f.user.setProperty("pitr.plan.seed", "4711");
        f.user.setProperty("pitr.plan.repositories", "all");
        f.user.setProperty("pitr.plan.validationWindow", "PT30M");
        f.user.setProperty("pitr.plan.scheduledAt", "2026-12-01T05:00:00Z");
        RestoreTestPlan plan = PlanParameter.resolve(f.resolver(), pom).orElseThrow();
        assertEquals(Selection.RANDOM, plan.selection());
        assertEquals(14, plan.windowDays());
        assertEquals(Target.RANDOM, plan.target());
        assertEquals(Optional.of(4711L), plan.seed());
        assertEquals(Repositories.ALL, plan.repositories());
        assertEquals(Optional.of(Duration.ofHours(4)), plan.startWindow());
        assertEquals(Optional.of(Duration.ofMinutes(30)), plan.validationWindow());
        assertEquals(Optional.of(Instant.parse("2026-12-01T05:00:00Z")), plan.scheduledAt());
    }

    @Test
    void aPropertyAloneTurnsThePlanOnWithTheDefaultsForTheRest() {
        f.user.setProperty("pitr.plan.selection", "random");
        RestoreTestPlan plan = PlanParameter.resolve(f.resolver(), null).orElseThrow();
        assertEquals(Selection.RANDOM, plan.selection());
        assertEquals(RestoreTestPlan.DEFAULT_WINDOW_DAYS, plan.windowDays());
        assertEquals(Target.LATEST, plan.target());
        assertEquals(Optional.empty(), plan.seed());
    }

    @Test
    void badPlanValuesAreBuildErrorsNamingTheirElementAndPropertyBeforeAnythingLoads() {
        for (String[] bad : new String[][] {{"pitr.plan.target", "soon", "<plan><target> (-Dpitr.plan.target)"},
                {"pitr.plan.seed", "lucky", "<plan><seed> (-Dpitr.plan.seed)"},
                {"pitr.plan.windowDays", "400", "<plan><windowDays> (-Dpitr.plan.windowDays)"},
                {"pitr.plan.startWindow", "4h", "<plan><startWindow> (-Dpitr.plan.startWindow)"}}) {
            MojoFixture fixture = new MojoFixture();
            RestoreDrillMojo mojo = fixture.wire(new RestoreDrillMojo());
            mojo.stanza = "main";
            fixture.user.setProperty(bad[0], bad[1]);
            MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
            assertTrue(e.getMessage().contains(bad[2]), bad[0] + ": " + e.getMessage());
            assertEquals(0, fixture.loads, bad[0]);
        }
    }
}
