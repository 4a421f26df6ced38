package com.continentsapi.ratelimit.redis;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Stops calling Redis for a cool-down after {@code failures} calls in a row failed, so a dead Redis costs
 * requests nothing instead of a timeout each. After the cool-down one call is let through as a trial: its
 * success closes the breaker, its failure opens it for another cool-down. Times from a monotonic clock.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failures;
    private final long coolDownNanos;
    private final LongSupplier nanoTime;
    private int failedInARow;
    private long openUntil;
    private boolean trialRunning;

    public CircuitBreaker(int failures, long coolDownMillis, LongSupplier nanoTime) {
        if (failures < 1 || coolDownMillis < 0) {
            throw new IllegalArgumentException("A circuit breaker needs failures >= 1 and a cool-down >= 0 ms, got "
                    + failures + " and " + coolDownMillis);
        }
        this.failures = failures;
        this.coolDownNanos = TimeUnit.MILLISECONDS.toNanos(coolDownMillis);
        this.nanoTime = nanoTime;
    }

    /** Whether this call may go to Redis now. */
    public synchronized boolean allowsCall() {
        if (failedInARow < failures) {
            return true;
        }
        if (trialRunning || nanoTime.getAsLong() - openUntil < 0) {
            return false;
        }
        trialRunning = true;
        return true;
    }

    public synchronized void succeeded() {
        failedInARow = 0;
        trialRunning = false;
    }

    public synchronized void failed() {
        trialRunning = false;
        if (++failedInARow >= failures) {
            failedInARow = failures;
            openUntil = nanoTime.getAsLong() + coolDownNanos;
        }
    }

    /** The call let through ended without telling of Redis (a bug, or it was never sent): a trial among them is over. */
    public synchronized void abandoned() {
        trialRunning = false;
    }

    /** Whether Redis is being skipped for the cool-down (not when a trial may go or is going). */
    public synchronized boolean open() {
        return failedInARow >= failures && nanoTime.getAsLong() - openUntil < 0;
    }

    /** Milliseconds until a trial call is let through; 0 when closed. */
    public synchronized long millisUntilTrial() {
        if (failedInARow < failures) {
            return 0;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(openUntil - nanoTime.getAsLong()));
    }

    public synchronized State state() {
        if (failedInARow < failures) {
            return State.CLOSED;
        }
        return trialRunning || nanoTime.getAsLong() - openUntil >= 0 ? State.HALF_OPEN : State.OPEN;
    }
}
