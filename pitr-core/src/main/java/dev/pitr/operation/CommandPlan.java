package dev.pitr.operation;

import java.util.List;

/**
 * What one pgBackRest command would run, computed without running it: the exact argv (secrets never are on
 * it; they travel in the environment) and notes on how it was decided (e.g. the backup type a policy chose).
 * The command that runs later is this argv.
 *
 * @param operation the pgBackRest command
 * @param argv      the exact command line
 * @param notes     how the plan was made, one sentence each; may be empty
 */
public record CommandPlan(Operation operation, List<String> argv, List<String> notes) {
    public CommandPlan {
        argv = List.copyOf(argv);
        notes = List.copyOf(notes);
    }

    /** The command line joined with spaces. */
    public String commandLine() {
        return String.join(" ", argv);
    }

    /** A human-readable dry-run text: the command and the notes. */
    public String describe() {
        StringBuilder s = new StringBuilder(operation.command()).append(" plan (dry run, nothing was run)\n");
        s.append("  command: ").append(commandLine()).append('\n');
        notes.forEach(n -> s.append("  ").append(n).append('\n'));
        return s.toString();
    }
}
