package dev.pitr.internal.os;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, at {@code load()}, which OS user pgBackRest runs as, so that it never runs as root by accident.
 * pgBackRest 2.59 refuses every command but restore as root, and on older releases a root-run backup leaves
 * root-owned files in the repository that the real owner cannot read. So, when pitr itself runs as root and
 * no run-as user is given, pgBackRest runs as the owner of the local data directory ({@code pg1-path}), the
 * user pgBackRest's own documentation runs it as; with no such directory to read, load() refuses. Root is only
 * ever used when asked for with {@code allowRoot(true)}.
 */
public final class RootGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RootGuard.class);
    static final String FIX = "set runAs(\"postgres\") (Maven: <runAsUser> or -Dpitr.runAsUser) to the owner of the "
            + "data directory, or allowRoot(true) (Maven: <allowRoot> or -Dpitr.allowRoot) to run pgBackRest as root "
            + "on purpose";

    private RootGuard() {
    }

    /**
     * The run-as user to use.
     *
     * @param runAs       the configured run-as user, if any
     * @param allowRoot   running pgBackRest as root was asked for
     * @param localPgPath the stanza's pg1-path when it is on this host (empty for a remote pg1-host or none)
     * @param whyNoPath   why there is no local pg1-path, for the refusal (e.g. "no pg1-path is configured")
     * @param pitrIsRoot  this JVM runs as root
     */
    public static Optional<String> resolve(Optional<String> runAs, boolean allowRoot, Optional<Path> localPgPath,
            String whyNoPath, boolean pitrIsRoot) {
        if (runAs.isPresent()) {
            if ("root".equals(runAs.get()) && !allowRoot) {
                throw new PitrConfigurationException(Setting.RUN_AS, "'root' would run pgBackRest as root", FIX);
            }
            return runAs;
        }
        if (!pitrIsRoot) {
            return Optional.empty();
        }
        if (allowRoot) {
            LOG.info("pgBackRest runs as root: allowRoot is set and no run-as user is configured");
            return Optional.empty();
        }
        if (localPgPath.isEmpty()) {
            throw new PitrConfigurationException(Setting.RUN_AS, "pitr runs as root and no run-as user is configured, and "
                    + whyNoPath + ", so there is no data directory whose owner pgBackRest could run as", FIX);
        }
        Path pgPath = localPgPath.get();
        String owner;
        try {
            owner = Files.getOwner(pgPath, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException e) {
            throw new PitrConfigurationException(Setting.RUN_AS, "pitr runs as root and no run-as user is configured, and the "
                    + "owner of pg1-path " + pgPath + " cannot be read (" + (Files.exists(pgPath, LinkOption.NOFOLLOW_LINKS)
                            ? e.getMessage() : "it does not exist") + ")", FIX);
        }
        if ("root".equals(owner)) {
            throw new PitrConfigurationException(Setting.RUN_AS, "pitr runs as root and no run-as user is configured, and pg1-path "
                    + pgPath + " is owned by root (PostgreSQL never runs as root)", FIX);
        }
        LOG.info("pgBackRest runs as '{}', the owner of pg1-path {}: pitr runs as root and no run-as user is configured,"
                + " and pgBackRest must not run as root (set runAs to choose another user)", owner, pgPath);
        return Optional.of(owner);
    }
}
