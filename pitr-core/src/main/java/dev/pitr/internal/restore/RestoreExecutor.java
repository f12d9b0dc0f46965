package dev.pitr.internal.restore;

import dev.pitr.internal.Invoker;
import dev.pitr.internal.ProgressPoller;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import dev.pitr.operation.ProgressListener;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import dev.pitr.restore.RestoreResult;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a restore plan: exactly the argv the plan shows, and only when every interlock passed; then, for an
 * isolated restore, writes the planned isolation settings. PostgreSQL is not started.
 */
public final class RestoreExecutor {
    private static final Pattern BACKUP_SET = Pattern.compile("restore backup set (\\S+)");

    private RestoreExecutor() {
    }

    public static RestoreResult execute(Invoker engine, RestorePlan plan) {
        return execute(engine, plan, Optional.empty(), ProgressPoller.DEFAULT_INTERVAL);
    }

    /** As {@link #execute(Invoker, RestorePlan)}, reporting the restore's progress to the listener while it runs. */
    public static RestoreResult execute(Invoker engine, RestorePlan plan, Optional<ProgressListener> progress,
            Duration interval) {
        for (RestoreInterlock i : plan.interlocks()) {
            i.refusal("restore refused").ifPresent(refusal -> {
                throw refusal;
            });
        }
        CommandResult command;
        try (ProgressPoller poller = ProgressPoller.start(engine, Operation.RESTORE, progress, interval)) {
            command = engine.runPlanned(Operation.RESTORE, plan.argv()).result();
        }
        String used = null;
        for (String line : command.outputTail()) {
            Matcher m = BACKUP_SET.matcher(line);
            if (m.find()) {
                used = m.group(1).replaceAll("[,.]$", "");
            }
        }
        if (used == null) {
            used = plan.backupSet().orElse("unknown");
        }
        plan.isolation().ifPresent(c -> IsolatedRestore.apply(c, plan.pgPath(), engine.config().runAs()));
        return new RestoreResult(used, plan.target(), plan.pgPath(), command.duration(), command, plan.isolation(),
                plan.warnings());
    }
}
