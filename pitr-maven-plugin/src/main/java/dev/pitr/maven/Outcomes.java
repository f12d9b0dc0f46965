package dev.pitr.maven;

import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.error.StanzaMissingException;
import java.util.EnumSet;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * Splits failures by meaning: "we could not run" (pgBackRest missing, timeout, bad configuration) is a
 * BUILD ERROR ({@link MojoExecutionException}); "what you asked us to verify is bad" (a failed check,
 * backup or drill) is a BUILD FAILURE, or only a warning with {@code failOnError=false}.
 */
final class Outcomes {
    /** pgBackRest errors that mean its configuration or invocation is wrong, not the database or repository. */
    private static final Set<ErrorCode> CANNOT_RUN = EnumSet.of(ErrorCode.CONFIG, ErrorCode.OPTION_INVALID,
            ErrorCode.OPTION_INVALID_VALUE, ErrorCode.OPTION_INVALID_RANGE, ErrorCode.OPTION_INVALID_PAIR,
            ErrorCode.OPTION_DEFAULT_INVALID, ErrorCode.OPTION_NEGATE_INVALID, ErrorCode.OPTION_REQUIRED,
            ErrorCode.OPTION_MULTIPLE_VALUE, ErrorCode.OPTION_COMMAND, ErrorCode.COMMAND_REQUIRED,
            ErrorCode.COMMAND_INVALID, ErrorCode.PARAM_REQUIRED, ErrorCode.PARAM_INVALID, ErrorCode.USER_MISSING,
            ErrorCode.GROUP_MISSING);

    private Outcomes() {
    }

    /** Null when the exception is a failed result (BUILD FAILURE); otherwise the BUILD ERROR to throw. */
    static MojoExecutionException cannotRun(RuntimeException e) {
        if (e instanceof PluginConfigurationException) {
            return new MojoExecutionException(e.getMessage(), e);
        }
        if (e instanceof PitrConfigurationException pce) {
            return new MojoExecutionException(badConfiguration(pce), e);
        }
        if (e instanceof PgBackRestNotInstalledException) {
            return new MojoExecutionException(e.getMessage() + ". Fix: install pgBackRest (2.45 or later) or point "
                    + Param.EXECUTABLE.describe() + " at it", e);
        }
        if (e instanceof PgBackRestTimeoutException t) {
            return new MojoExecutionException(e.getMessage() + ". Fix: raise " + Param.TIMEOUT.describe()
                    + " (now " + t.timeout() + ")", e);
        }
        if (e instanceof StanzaMissingException) {
            return new MojoExecutionException(e.getMessage() + ". Fix: run mvn pitr:stanza-create, or correct "
                    + Param.STANZA.describe() + " / " + Param.CONFIG_FILE.describe(), e);
        }
        if (e instanceof PgBackRestException p && (p.errorCode() == ErrorCode.CRYPTO
                || String.valueOf(p.getMessage()).contains("cipher-pass"))) {
            return new MojoExecutionException("pgBackRest cannot read the encrypted repository: " + describe(p) + ". Fix: give "
                    + "the repository cipher pass as the <password> of the settings.xml <server> named by "
                    + Param.SERVER_ID.describe() + " (default id 'pitr'), or export PGBACKREST_REPO1_CIPHER_PASS", e);
        }
        if (e instanceof PgBackRestException p) {
            if (CANNOT_RUN.contains(p.errorCode())) {
                return new MojoExecutionException("pgBackRest refused its configuration: " + describe(p) + ". Fix: "
                        + "check " + Param.CONFIG_FILE.describe() + ", " + Param.STANZA.describe() + " and "
                        + Param.RUN_AS_USER.describe(), e);
            }
            return null;
        }
        return new MojoExecutionException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    /**
     * A core configuration error in the plugin's words: the POM element and property of its setting (or the
     * setting's API name when the plugin does not expose it), the problem and the fix.
     */
    static String badConfiguration(PitrConfigurationException e) {
        String where = Param.of(e.setting()).map(Param::describe).orElse(e.setting().apiName());
        return "Bad pitr configuration: " + where + e.option().map(o -> " [" + o + "]").orElse("") + ": " + e.problem()
                + (e.fix().isEmpty() ? "" : ". Fix: " + e.fix());
    }

    /** One line for a pgBackRest failure: the message, its error code and pgBackRest's hints. */
    static String describe(PgBackRestException e) {
        String message = String.valueOf(e.getMessage());
        StringBuilder sb = new StringBuilder(message);
        if (e.errorCode() != ErrorCode.PITR && !message.contains(e.errorCode().name())) {
            sb.append(" [").append(e.errorCode()).append(' ').append(e.errorCode().code()).append(']');
        }
        for (String hint : e.hints()) {
            if (!message.contains(hint)) {
                sb.append(" HINT: ").append(hint);
            }
        }
        return sb.toString();
    }
}
