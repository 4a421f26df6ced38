package com.continentsapi.ratelimit.overrides;

import com.continentsapi.ratelimit.redis.RedisSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Keeps this instance in step with the others: an administrator's reset or override change on any instance is
 * published on {@link #CHANNEL} with the user's name, and each instance then tells the limiter
 * ({@link LimitsChanged}), which forgets its cached denials of that user, reloads that user's overrides from the
 * database and tells the limiter again (a denial decided with the old overrides meanwhile is stale too).
 * Pub/sub forgets what it could not deliver, so after each (re)subscription every cached denial is dropped and
 * everything reloaded. The subscription is pinged every {@code redis.subscription-ping-ms}: the client reads it
 * with a timeout of that plus {@code redis.timeout-ms} (RedisClientProducer), so a connection gone silent fails
 * that read, and the subscription is made again on a new one. A database that cannot be read keeps the
 * subscription: the overrides are then read again in the background until it answers, and in any case every
 * {@code ratelimit.overrides.reload-seconds}, in case a notice was lost. Its own thread: a subscription blocks.
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
    RedisSettings redisSettings;

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
    private volatile boolean subscribed;
    private volatile long retryMillis = FIRST_RETRY_MILLIS;
    private volatile boolean running;
    /** Whether a refusal by Redis's ACL was logged since the last subscription: once, not at each new attempt. */
    private volatile boolean refusalLogged;
    private OverrideReloads reloads;
    private Thread thread;
    private ScheduledExecutorService background;

    /**
     * Loads the overrides before the first request if the database answers, then listens for changes, and reads
     * every override again each {@code reloadEvery}.
     */
    public synchronized void start(Duration reloadEvery) {
        running = true;
        reloads = new OverrideReloads(store, overrides, tell, () -> running);
        reloads.all();
        thread = Thread.ofPlatform().daemon().name("ratelimit-changes").start(this::listen);
        // two threads: a database that hangs must not hold up the pings
        background = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("ratelimit-changes-", 0).factory());
        long ping = redisSettings.subscriptionPingMillis();
        background.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(() -> {
            if (reloads.stale() && running) {
                reloads.all();
            }
        }, FIRST_RETRY_MILLIS, LAST_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(reloads::all, reloadEvery.toMillis(), reloadEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            background.shutdownNow();
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
        return subscribed;
    }

    private void listen() {
        while (running) {
            try {
                listener = new Listener();
                redisClient.get().subscribe(listener, CHANNEL);
            } catch (JedisAccessControlException refused) {
                if (running && !refusalLogged) {
                    refusalLogged = true;
                    LOG.log(Level.WARNING, "Redis refuses this instance's user the channel " + CHANNEL + " (" + refused.getMessage()
                            + "): grant it with &" + CHANNEL + " in the user's ACL (server-config/redis/README.md). Until then"
                            + " overrides and resets made on other instances do not reach this one; trying again in the background");
                }
            } catch (JedisException e) {
                if (running && subscribed) {
                    LOG.log(Level.WARNING, "Lost the subscription to " + CHANNEL + " (" + e.getMessage() + "); subscribing again,"
                            + " then every override is reloaded and every cached denial dropped");
                } else if (running) {
                    LOG.log(Level.FINE, "Not subscribed to " + CHANNEL + "; trying again in " + retryMillis + " ms", e);
                }
            } finally {
                subscribed = false;
            }
            if (!pause(retryMillis)) {
                return;
            }
            retryMillis = Math.min(2 * retryMillis, LAST_RETRY_MILLIS);
        }
    }

    /**
     * A SUBSCRIBE to the channel it is on, sent on the subscription's connection: its confirmation, or its absence,
     * ends the client's read (class comment). Not Jedis's PING: under RESP3 its reply can be read before Jedis
     * expects it (it queues the pong's handler after sending), which ends the subscription ("Unexpected message :
     * PONG"); a confirmation is a push message under both protocols, and needs no grant beyond the channel's.
     */
    private void ping() {
        Listener current = listener;
        if (subscribed && current.isSubscribed()) {
            try {
                current.subscribe(CHANNEL);
            } catch (JedisException gone) {
                // the subscription's thread sees the same failure, and subscribes again
            }
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

    /**
     * Throws nothing: an exception out of a subscription would hand its connection back to the pool still
     * subscribed.
     */
    private final class Listener extends JedisPubSub {

        /** Whether the subscription was confirmed: later confirmations answer {@link #ping()}. */
        private boolean confirmed;

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (!running) {
                unsubscribe();
                return;
            }
            if (confirmed) {
                return;
            }
            confirmed = true;
            subscribed = true;
            refusalLogged = false;
            retryMillis = FIRST_RETRY_MILLIS;
            tell.accept(LimitsChanged.EVERYBODY);
            reloads.all();
        }

        @Override
        public void onMessage(String channel, String user) {
            reloads.of(user);
        }
    }
}
