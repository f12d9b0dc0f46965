package dev.pitr.internal.health;

import dev.pitr.governance.RuleResult;
import dev.pitr.internal.CommandLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges an {@code archive_command}: it must run pgbackrest's {@code archive-push %p} for this stanza
 * (a command for another stanza archives into the wrong place, and {@code check} then times out).
 */
public final class ArchiveCommandCheck {
    public static final String RULE = "archive-command";

    private ArchiveCommandCheck() {
    }

    /** The archive_command the runbook asks for, for this stanza and configuration file. */
    public static String recommended(String executable, Path configFile, String stanza) {
        return CommandLine.archivePush(executable, configFile, stanza);
    }

    public static RuleResult judge(String archiveCommand, String stanza, Path configFile, String recommended) {
        String fix = "set archive_command = '" + recommended + "' in postgresql.conf, then SELECT pg_reload_conf()";
        List<String> words = words(archiveCommand);
        if (archiveCommand.equals("(disabled)")) {
            return RuleResult.fail(RULE, "archive_command is disabled (archive_mode is off)", fix);
        }
        if (archiveCommand.isBlank()) {
            return RuleResult.fail(RULE, "archive_command is not set", fix);
        }
        boolean pgbackrest = words.stream().anyMatch(w -> Path.of(w).getFileName() != null
                && Path.of(w).getFileName().toString().equals("pgbackrest"));
        if (!pgbackrest || !words.contains("archive-push")) {
            return RuleResult.fail(RULE, "archive_command '" + archiveCommand + "' does not run pgbackrest archive-push", fix);
        }
        if (!words.contains("%p")) {
            return RuleResult.fail(RULE, "archive_command '" + archiveCommand + "' does not pass %p to archive-push", fix);
        }
        Optional<String> named = option(words, "stanza");
        if (named.isEmpty()) {
            return RuleResult.fail(RULE, "archive_command '" + archiveCommand + "' names no --stanza", fix);
        }
        if (!named.get().equals(stanza)) {
            return RuleResult.fail(RULE, "archive_command pushes WAL to stanza '" + named.get() + "', not '" + stanza + "'",
                    fix);
        }
        Optional<String> config = option(words, "config");
        Path used = config.map(Path::of).orElse(CommandLine.DEFAULT_CONFIG);
        if (!used.normalize().equals(configFile.normalize())) {
            return RuleResult.warn(RULE, "archive_command reads " + used + " but pitr uses " + configFile
                    + " (both must describe the same repositories)", fix);
        }
        return RuleResult.pass(RULE, "runs pgbackrest archive-push %p for stanza '" + stanza + "'");
    }

    private static Optional<String> option(List<String> words, String name) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--" + name + "=")) {
                return Optional.of(w.substring(name.length() + 3));
            }
            if (w.equals("--" + name) && i + 1 < words.size()) {
                return Optional.of(words.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** Splits like a shell would for simple commands: whitespace, single and double quotes. */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|') {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
