package dev.pitr.internal.drill;

/** Test access to the drill cluster's pg_hba role check. */
public final class DrillClusterAccess {
    private DrillClusterAccess() {
    }

    public static void requireHbaRole(String role) {
        DrillCluster.requireHbaRole(role);
    }
}
