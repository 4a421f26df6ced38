package com.continentsapi.ratelimit.redis;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One decision waiting in {@link DecisionBatches}: its turn to send a batch, or its reply, or why there is none.
 * The sender answers every decision of its batch, then releases them once it has handed its lane on.
 */
final class PendingDecision {
    final List<String> keys;
    final List<String> args;
    /** When it was made, by the batches' clock: its deadline counts from here. */
    final long queuedAt;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean turn;
    private boolean done;
    private Object reply;
    private RuntimeException failure;

    PendingDecision(List<String> keys, List<String> args, long queuedAt) {
        this.keys = keys;
        this.args = args;
        this.queuedAt = queuedAt;
    }

    /** True when this decision is to send a batch itself, false when another one answered it. */
    boolean awaitTurn() {
        boolean interrupted = false;
        while (true) {
            try {
                ready.await();
                break;
            } catch (InterruptedException e) {
                // A decision taken into a batch may be the one the lane is handed to: it must not walk away.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return turn;
    }

    void takeTurn() {
        turn = true;
        ready.countDown();
    }

    void answer(Object reply) {
        if (!done) {
            this.reply = reply;
            done = true;
        }
    }

    void fail(Throwable cause) {
        if (!done) {
            failure = cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
            done = true;
        }
    }

    /** Wakes the caller of an answered decision. */
    void release() {
        ready.countDown();
    }

    Object reply() {
        if (failure != null) {
            throw failure;
        }
        return reply;
    }
}
