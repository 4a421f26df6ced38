package com.continentsapi.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.netcrusher.NetCrusherException;
import org.netcrusher.NetFreezer;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy in front of one server (a Redis node), to break the network rather than the process: it passes
 * the traffic, delays it, freezes it (holds the bytes and keeps every connection open, as a silent network or a
 * stalled process does) or cuts it (closes every connection and refuses new ones, as an unreachable host does).
 * Clients connect to {@link #port()}. NetCrusher does the proxying, on one reactor thread for all proxies.
 */
public final class FaultProxy implements AutoCloseable {

    /** Held, so that its level stays: NetCrusher tells of every connection it opens or closes at INFO. */
    private static final Logger NETCRUSHER_LOG = Logger.getLogger("org.netcrusher");

    static {
        NETCRUSHER_LOG.setLevel(Level.WARNING);
    }

    private static NioReactor reactor;

    private final TcpCrusher crusher;
    private final int port;
    private final Delay delay = new Delay();

    private FaultProxy(int target) throws IOException {
        port = Stack.freePort();
        crusher = TcpCrusherBuilder.builder()
                .withReactor(reactor())
                .withBindAddress("127.0.0.1", port)
                .withConnectAddress("127.0.0.1", target)
                .withTcpNoDelay(true)
                // NetCrusher's default is 10: a burst of new pool connections (or those that piled up during a
                // freeze) would overflow it, and a connect whose SYN is dropped waits a second to try again
                .withBacklog(1024)
                .withIncomingThrottlerFactory(client -> delay)
                .withOutgoingThrottlerFactory(client -> delay)
                .buildAndOpen();
    }

    /** A proxy to this port of 127.0.0.1, passing traffic. */
    public static FaultProxy to(int target) {
        try {
            return new FaultProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized NioReactor reactor() throws IOException {
        if (reactor == null) {
            reactor = new NioReactor();
        }
        return reactor;
    }

    /** Where clients connect. */
    public int port() {
        return port;
    }

    /** Back to a healthy network: what was held is delivered, new connections are accepted, nothing is delayed. */
    public synchronized void pass() {
        delay.nanos = Throttler.NO_DELAY_NS;
        if (!crusher.isOpen()) {
            try {
                crusher.open();
            } catch (NetCrusherException leftOver) {
                // open() thaws all at once, and a connection accepted while it was being cut, closed since, makes that
                // throw: the new listener is then left frozen, and thawed below like the rest
            }
        }
        eachConnection(connection -> {
            if (connection.isFrozen()) {
                connection.unfreeze();
            }
        });
        NetFreezer acceptor = crusher.getAcceptorFreezer();
        if (acceptor != null && acceptor.isFrozen()) {
            acceptor.unfreeze();
        }
    }

    /**
     * Connection by connection, not NetCrusher's own freeze and unfreeze of all: a connection its client closed
     * meanwhile counts as frozen there, and unfreezing it throws, which would leave the rest frozen.
     */
    private void eachConnection(Consumer<NetFreezer> action) {
        for (InetSocketAddress client : crusher.getClientAddresses()) {
            NetFreezer connection = crusher.getClientFreezer(client);
            if (connection != null) {
                try {
                    action.accept(connection);
                } catch (NetCrusherException | IllegalStateException closedMeanwhile) {
                    // nothing passes through a closed connection: nothing to freeze or thaw
                }
            }
        }
    }

    /** Each chunk of bytes, both ways, is held this long before it goes on. */
    public void delay(Duration each) {
        delay.nanos = each.toNanos();
    }

    /** Silence: connections stay open, new ones are accepted by the kernel, and no byte goes through either way. */
    public synchronized void freeze() {
        NetFreezer acceptor = crusher.getAcceptorFreezer();
        if (acceptor != null && !acceptor.isFrozen()) {
            acceptor.freeze();
        }
        freezeOpenConnections();
    }

    /** Silence on the connections open now only: new ones go through. */
    public synchronized void freezeOpenConnections() {
        eachConnection(connection -> {
            if (!connection.isFrozen()) {
                connection.freeze();
            }
        });
    }

    /** Every connection closed, and new ones refused, until {@link #pass()}. */
    public synchronized void cut() {
        crusher.close();
    }

    /** Every open connection closed at once; new ones go through. */
    public void dropConnections() {
        crusher.closeAllPairs();
    }

    /** Connections through the proxy now. */
    public int connections() {
        return crusher.getClientAddresses().size();
    }

    @Override
    public synchronized void close() {
        crusher.close();
    }

    private static final class Delay implements Throttler {
        volatile long nanos = NO_DELAY_NS;

        @Override
        public long calculateDelayNs(ByteBuffer bytes) {
            return nanos;
        }
    }
}
