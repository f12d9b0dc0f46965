package dev.pitr.restore;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.util.Optional;

/**
 * How an isolated restore ({@link dev.pitr.RestoreRequest#isolated(Isolation)}) may be reached once started:
 * its port (default: a free one) and its TCP listen addresses (default: none, only its own unix socket).
 *
 * @param port            the port to listen on; empty: a free port chosen when planning
 * @param listenAddresses {@code listen_addresses} for TCP, e.g. {@code localhost}; empty: no TCP ({@code ''})
 */
public record Isolation(Optional<Integer> port, Optional<String> listenAddresses) {
    public Isolation {
        port.ifPresent(p -> {
            if (p < 1 || p > 65535) {
                throw new PitrConfigurationException(Setting.RESTORE_PORT, p + " is not a port", "use 1..65535");
            }
        });
        listenAddresses.ifPresent(a -> {
            if (a.isBlank() || a.contains("'") || a.contains("\n")) {
                throw new PitrConfigurationException(Setting.RESTORE_LISTEN_ADDRESSES, "'" + a + "' is not a "
                        + "listen_addresses value", "give host names or addresses separated by commas, e.g. localhost");
            }
        });
    }

    /** A free port, unix socket only. */
    public static Isolation defaults() {
        return new Isolation(Optional.empty(), Optional.empty());
    }

    /** Listen on this port. */
    public Isolation port(int number) {
        return new Isolation(Optional.of(number), listenAddresses);
    }

    /** Also accept TCP connections on these addresses ({@code listen_addresses}). */
    public Isolation listenAddresses(String addresses) {
        return new Isolation(port, Optional.of(addresses.strip()));
    }
}
