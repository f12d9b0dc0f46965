package dev.pitr.internal;

import dev.pitr.config.PitrConfiguration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place a pgBackRest command line is spelled: the executable, {@code --config}, {@code --stanza},
 * the options (each {@code --name=value} or {@code --flag}) and the command, in that order. Every command
 * pitr runs, shows in a plan or renders (a schedule, an archive_command, a systemd unit) is built here.
 */
public final class CommandLine {
    /** pgBackRest's own default configuration file; an archive_command need not name it. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/pgbackrest/pgbackrest.conf");

    private CommandLine() {
    }

    /** {@code executable --config=file --stanza=stanza options... command}. */
    public static List<String> forStanza(String executable, Path configFile, String stanza, List<String> options,
            String command) {
        return build(executable, Optional.of(configFile), Optional.of(stanza), options, command);
    }

    /** {@link #forStanza} of a loaded configuration (with {@code --allow-root} when it asked for root, 2.59+). */
    public static List<String> forStanza(PitrConfiguration config, List<String> options, String command) {
        return forStanza(config.executable(), config.configFile(), config.stanza(), withRootOption(config, options),
                command);
    }

    /** {@code executable --config=file options... command}: commands that address no stanza (server, server-ping). */
    public static List<String> withoutStanza(PitrConfiguration config, List<String> options, String command) {
        return build(config.executable(), Optional.of(config.configFile()), Optional.empty(),
                withRootOption(config, options), command);
    }

    private static List<String> withRootOption(PitrConfiguration config, List<String> options) {
        List<String> all = new ArrayList<>(AllowRoot.options(config));
        all.addAll(options);
        return all;
    }

    /** {@code executable version}: the one command run before a configuration exists. */
    public static List<String> version(String executable) {
        return List.of(executable, "version");
    }

    /**
     * The archive_command for postgresql.conf: {@code executable [--config=file] --stanza=stanza archive-push %p},
     * without {@code --config} when the file is pgBackRest's default.
     */
    public static String archivePush(String executable, Path configFile, String stanza) {
        Optional<Path> config = configFile.equals(DEFAULT_CONFIG) ? Optional.empty() : Optional.of(configFile);
        return String.join(" ", build(executable, config, Optional.of(stanza), List.of(), "archive-push")) + " %p";
    }

    private static List<String> build(String executable, Optional<Path> configFile, Optional<String> stanza,
            List<String> options, String command) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        configFile.ifPresent(f -> argv.add("--config=" + f));
        stanza.ifPresent(s -> argv.add("--stanza=" + s));
        argv.addAll(options);
        argv.add(command);
        return List.copyOf(argv);
    }
}
