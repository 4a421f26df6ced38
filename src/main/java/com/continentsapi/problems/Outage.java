package com.continentsapi.problems;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A dependency that can fail (Redis, the database): its failure is logged once when it starts, with the cause,
 * and once when it ends, not once per request, so an outage under load does not flood the log.
 */
public final class Outage {

    private final Logger log;
    private final String dependency;
    private final String meanwhile;
    private final AtomicBoolean ongoing = new AtomicBoolean();

    public Outage(Logger log, String dependency, String meanwhile) {
        this.log = log;
        this.dependency = dependency;
        this.meanwhile = meanwhile;
    }

    public void failed(Exception cause) {
        if (ongoing.compareAndSet(false, true)) {
            log.log(Level.WARNING, dependency + " failed: " + meanwhile + " until it answers again", cause);
        }
    }

    public void answered() {
        if (ongoing.compareAndSet(true, false)) {
            log.info(dependency + " answers again");
        }
    }
}
