package com.continentsapi.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The dev stack's public port, opened only once the API behind it is usable. Payara Micro listens before its
 * deployment is done and answers 404 meanwhile; through this relay a client is refused (nothing listens yet)
 * until the app is deployed and its demo user exists, and from then on served.
 */
final class PortRelay implements AutoCloseable {

    private final ServerSocket listener;

    private PortRelay(ServerSocket listener) {
        this.listener = listener;
    }

    static PortRelay open(int port, int target) throws IOException {
        PortRelay relay = new PortRelay(new ServerSocket(port));
        Thread.ofVirtual().name("relay-" + port).start(() -> relay.accept(target));
        return relay;
    }

    private void accept(int target) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("Relay to port " + target + ": " + e);
                }
            }
        }
    }

    /** Copies one direction; its end is passed on as an end of output, so the other direction finishes too. */
    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException closed) {
            // the peer went away: close both
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
