package io.tableload.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks on the loopback ports the sandbox's servers listen on. */
public final class Ports {
    private Ports() {}

    /** Refuses a loopback port something else already listens on, naming it and the server. */
    public static void requireFree(int port, String server) {
        if (port == 0) {
            return;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " for " + server + " is not a port number (1-65535)");
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " for " + server
                    + " is busy (something else listens on it); stop that or choose another port");
        }
    }
}
