package dev.pitr.internal.exec;

import java.time.Duration;
import java.util.List;

/** Run in a child JVM by {@link CommonsExecLauncherTest}: starts a long sleep, prints its pid, and exits without stopping it. */
public final class LauncherExitProbe {
    private LauncherExitProbe() {
    }

    public static void main(String[] args) {
        RunningProcess p = new CommonsExecLauncher(false).start(CommandSpec.of(List.of("sleep", "300"), Duration.ofSeconds(1)));
        System.out.println("child-pid=" + p.pid());
    }
}
