package com.continentsapi.ratelimit.overrides;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Keeps this instance in step with the others: an administrator's reset or override change on any instance is
 * published on {@link #CHANNEL} with the user's name, and each instance then reloads that user's overrides from
 * the database and tells the limiter ({@link LimitsChanged}), which forgets its cached denials of that user.
 * Pub/sub forgets what it could not deliver, so after each (re)subscription everything is reloaded and every cached
 * denial dropped. Its own thread: a subscription blocks.
 */
@ApplicationScoped
public class LimitChanges {

    public static final String CHANNEL = "rl:changes";

    private static final Logger LOG = Logger.getLogger(LimitChanges.class.getName());
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 5_000;

    @Inject
    Provider<UnifiedJedis> redisClient;

    @Inject
    Event<LimitsChanged> events;

    /** Where a change is told: the limiter observes the event; a test without CDI tells the limiter itself. */
    Consumer<LimitsChanged> tell = change -> events.fire(change);

    @Inject
    Overrides overrides;

    /** Null where there is no database (limiter tests): overrides are then set in memory only. */
    @Inject
    OverrideStore store;

    /** A new one per subscription: a subscriber keeps state of its connection. */
    private volatile Listener listener = new Listener();
    private volatile long retryMillis = FIRST_RETRY_MILLIS;
    private volatile boolean running;
    /** Whether a refusal by Redis's ACL was logged since the last subscription: once, not at each new attempt. */
    private volatile boolean refusalLogged;
    private Thread thread;

    /** Loads the overrides before the first request if the database answers, then listens for changes. */
    public synchronized void start() {
        running = true;
        boolean loaded;
        try {
            reloadAll();
            loaded = true;
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not load the rate limit overrides yet; trying again in the background", e);
            loaded = false;
        }
        boolean first = loaded;
        thread = Thread.ofPlatform().daemon().name("ratelimit-changes").start(() -> listen(first));
    }

    @PreDestroy
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                if (listener.isSubscribed()) {
                    listener.unsubscribe();
                }
            } catch (JedisException closing) {
                // the connection went first: the subscription ended with it
            }
            notifyAll(); // ends a pause between attempts; no interrupt, which could break a connection's I/O midway
            thread = null;
        }
    }

    /** Whether this instance hears of changes now. */
    public boolean listening() {
        return listener.isSubscribed();
    }

    private void listen(boolean loadedAlready) {
        boolean loaded = loadedAlready;
        while (running) {
            try {
                if (!loaded) {
                    reloadAll(); // before Redis answers: a limiter that decides locally needs the overrides too
                    loaded = true;
                }
                listener = new Listener();
                redisClient.get().subscribe(listener, CHANNEL);
            } catch (JedisAccessControlException refused) {
                if (running && !refusalLogged) {
                    refusalLogged = true;
                    LOG.log(Level.WARNING, "Redis refuses this instance's user the channel " + CHANNEL + " (" + refused.getMessage()
                            + "): grant it with &" + CHANNEL + " in the user's ACL (server-config/redis/README.md). Until then"
                            + " overrides and resets made on other instances do not reach this one; trying again in the background");
                }
            } catch (JedisException | SQLException e) {
                if (running) {
                    LOG.log(Level.FINE, "Not subscribed to " + CHANNEL + "; trying again in " + retryMillis + " ms", e);
                }
            }
            if (!pause(retryMillis)) {
                return;
            }
            retryMillis = Math.min(2 * retryMillis, LAST_RETRY_MILLIS);
        }
    }

    /** False when stopped meanwhile. */
    private synchronized boolean pause(long millis) {
        try {
            if (running) {
                wait(millis);
            }
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void reloadAll() throws SQLException {
        if (store != null) {
            overrides.replaceAll(store.all(overrides.epochMillis.getAsLong()));
        }
        tell.accept(LimitsChanged.EVERYBODY);
    }

    private void reload(String user) throws SQLException {
        if (store != null) {
            overrides.replace(user, store.of(user, overrides.epochMillis.getAsLong()));
        }
        tell.accept(new LimitsChanged(user));
    }

    /**
     * Throws nothing: an exception out of a subscription would hand its connection back to the pool still
     * subscribed. A database that cannot be read ends the subscription instead, so that it is made again later.
     */
    private final class Listener extends JedisPubSub {

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (!running) {
                unsubscribe();
                return;
            }
            refusalLogged = false;
            try {
                reloadAll();
                retryMillis = FIRST_RETRY_MILLIS;
            } catch (SQLException | RuntimeException e) {
                unreadable(e);
            }
        }

        @Override
        public void onMessage(String channel, String user) {
            try {
                reload(user);
            } catch (SQLException | RuntimeException e) {
                unreadable(e);
            }
        }

        private void unreadable(Exception e) {
            LOG.log(Level.WARNING, "Could not reload the rate limit overrides; trying again in " + retryMillis + " ms", e);
            unsubscribe();
        }
    }
}
