package dev.pitr.internal.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** TCP ports for clusters pitr starts or prepares beside production. */
public final class Ports {
    private Ports() {
    }

    /** A port nothing listens on now (the kernel's choice). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** True when something already listens on the port on the loopback interface. */
    public static boolean inUse(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
