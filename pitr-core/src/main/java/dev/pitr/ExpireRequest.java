package dev.pitr;

import dev.pitr.internal.ExpireLines;
import dev.pitr.internal.Invoker;
import dev.pitr.operation.CommandPlan;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.ExpireResult;
import dev.pitr.operation.Operation;
import java.util.ArrayList;
import java.util.List;

/** Applies retention ({@code expire}); {@link #dryRun()} shows what would go without removing anything. */
public final class ExpireRequest {
    private final Invoker invoker;
    private boolean dryRun;
    private Integer repo;
    private String set;

    ExpireRequest(Invoker invoker) {
        this.invoker = invoker;
    }

    /** Report what would be expired and remove nothing ({@code --dry-run}). */
    public ExpireRequest dryRun() {
        this.dryRun = true;
        return this;
    }

    /** Only this repository ({@code --repo}). */
    public ExpireRequest repo(int number) {
        this.repo = number;
        return this;
    }

    /** Expire this backup set and its dependents regardless of retention ({@code --set}). */
    public ExpireRequest set(String label) {
        this.set = label;
        return this;
    }

    List<String> options() {
        List<String> options = new ArrayList<>();
        if (dryRun) {
            options.add("--dry-run");
        }
        if (repo != null) {
            options.add("--repo=" + repo);
        }
        if (set != null) {
            options.add("--set=" + set);
        }
        return options;
    }

    /** The exact argv, without running it. */
    public CommandPlan plan() {
        return new CommandPlan(Operation.EXPIRE, invoker.argv(Operation.EXPIRE, options()), dryRun
                ? List.of("--dry-run: pgBackRest reports what retention would expire and removes nothing")
                : List.of("removes the backups and WAL that retention no longer keeps"));
    }

    /** Runs the plan; with {@link #dryRun()} pgBackRest only reports what would go. */
    public ExpireResult run() {
        CommandResult command = invoker.runPlanned(Operation.EXPIRE, plan().argv()).result();
        return new ExpireResult(dryRun, ExpireLines.expiredLabels(command.outputTail()), command);
    }
}
