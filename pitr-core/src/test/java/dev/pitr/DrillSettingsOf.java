package dev.pitr;

import dev.pitr.internal.drill.DrillSettings;

/** For tests of the drill's parts in other packages: the frozen settings a request would run with. */
public final class DrillSettingsOf {
    private DrillSettingsOf() {
    }

    public static DrillSettings request(RestoreDrillRequest request) {
        return request.settings();
    }
}
