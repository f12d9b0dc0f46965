package dev.pitr;

import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every command instead of running it and answers with canned output per pgBackRest command
 * (the last argv element). For argv building and error mapping only; real behaviour is tested in *IT.
 */
final class FakeRunner implements CommandRunner {
    record Answer(int exit, String stdout, List<String> tail, boolean timedOut) {
    }

    final List<CommandSpec> specs = new ArrayList<>();
    private final Map<String, Answer> answers = new HashMap<>();

    FakeRunner() {
        answer("version", 0, "pgBackRest 2.45\n");
        answer("info", 0, "[]");
    }

    FakeRunner answer(String command, int exit, String stdout, String... tail) {
        answers.put(command, new Answer(exit, stdout, List.of(tail), false));
        return this;
    }

    FakeRunner timeout(String command) {
        answers.put(command, new Answer(-1, "", List.of(), true));
        return this;
    }

    @Override
    public ProcessOutput run(CommandSpec spec) {
        specs.add(spec);
        String command = spec.argv().get(spec.argv().size() - 1);
        Answer a = answers.getOrDefault(command, new Answer(0, "", List.of(), false));
        return new ProcessOutput(new CommandResult(spec.argv(), a.exit, Duration.ofMillis(5), a.tail), a.stdout, a.timedOut);
    }

    CommandSpec last() {
        return specs.get(specs.size() - 1);
    }

    CommandSpec lastOf(String command) {
        for (int i = specs.size() - 1; i >= 0; i--) {
            List<String> argv = specs.get(i).argv();
            if (argv.get(argv.size() - 1).equals(command)) {
                return specs.get(i);
            }
        }
        throw new AssertionError("no " + command + " was run; ran " + specs);
    }
}
