package dev.pitr.examples.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A line describing the machine a benchmark ran on, for the results. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name").orElse("?");
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal").orElse("?");
        String os = firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME").orElse("?").replace("\"", "");
        String pg = Shell.run(List.of("bash", "-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1")).strip();
        String pgVersion = Shell.run(List.of(pg + "/postgres", "--version")).strip();
        String pgbr = Shell.run(List.of("pgbackrest", "version")).strip();
        String disk = Shell.run(List.of("bash", "-c", "df -hT /tmp | tail -1 | awk '{print $1\" \"$2}'")).strip();
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " vCPU (" + cpu + "), " + mem + " RAM, " + os
                + ", kernel " + System.getProperty("os.version") + "; /tmp on " + disk + "; " + pgVersion + "; " + pgbr
                + "; Java " + System.getProperty("java.version") + ".";
    }

    /** The 1, 5 and 15 minute load averages: a benchmark on a busy machine is noise. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static java.util.Optional<String> firstMatch(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(l.contains(":") ? ':' : '=') + 1).strip());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
