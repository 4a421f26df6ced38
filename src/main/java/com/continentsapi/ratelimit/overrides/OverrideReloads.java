package com.continentsapi.ratelimit.overrides;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the overrides from the database into this instance's {@link Overrides}, and tells the limiter of each user
 * whose overrides changed. A database that cannot be read leaves the overrides held in force: they are then
 * {@link #stale()}, logged once, until a read succeeds. For {@link LimitChanges}, which says when to read.
 */
final class OverrideReloads {

    private static final Logger LOG = Logger.getLogger(LimitChanges.class.getName());

    private final OverrideStore store;
    private final Overrides overrides;
    private final Consumer<LimitsChanged> tell;
    private final BooleanSupplier running;
    /** One read of the database at a time, so that an older read is never put in place of a newer one. */
    private final Object reading = new Object();
    /** Whether the overrides held may be older than the database's: its last read failed. */
    private volatile boolean stale;

    /** {@code store} null where there is no database (limiter tests): overrides are then set in memory only. */
    OverrideReloads(OverrideStore store, Overrides overrides, Consumer<LimitsChanged> tell, BooleanSupplier running) {
        this.store = store;
        this.overrides = overrides;
        this.tell = tell;
        this.running = running;
    }

    boolean stale() {
        return stale;
    }

    /** Every override again; the users whose overrides differ are told. */
    void all() {
        if (store == null) {
            return;
        }
        try {
            Set<String> changed;
            synchronized (reading) {
                changed = overrides.replaceAll(store.all(overrides.epochMillis.getAsLong()));
            }
            changed.forEach(user -> tell.accept(new LimitsChanged(user)));
            read();
        } catch (SQLException | RuntimeException e) {
            unreadable(e);
        }
    }

    /** One user's overrides; the denials go first: they must not wait on the database. */
    void of(String user) {
        tell.accept(new LimitsChanged(user));
        if (store == null) {
            return;
        }
        try {
            synchronized (reading) {
                overrides.replace(user, store.of(user, overrides.epochMillis.getAsLong()));
            }
            tell.accept(new LimitsChanged(user));
            read();
        } catch (SQLException | RuntimeException e) {
            unreadable(e);
        }
    }

    private void read() {
        if (stale) {
            stale = false;
            LOG.info("The rate limit overrides could be read again");
        }
    }

    private void unreadable(Exception e) {
        if (!stale && running.getAsBoolean()) {
            stale = true;
            LOG.log(Level.WARNING, "Could not read the rate limit overrides; the ones held stay in force, and they are read again"
                    + " in the background until the database answers", e);
        }
    }
}
