package com.continentsapi.ratelimit.redis;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sends the decisions of concurrent requests to Redis together (smart batching). A decision that finds fewer
 * than {@code lanes} round trips in flight goes out at once, alone: one EVALSHA, exactly as without batching, and
 * no timer ever holds it back. A decision that arrives while every lane is busy waits; when a lane frees up, it
 * goes out with every decision that waited meanwhile (up to {@code limit}) as one pipeline. Redis reads, runs and
 * answers a pipeline's scripts for much less than as many separate round trips, and each decision is still one
 * atomic EVALSHA of its own. How a batch travels: {@link ScriptPipeline}.
 * <p>
 * A round trip that fails fails each of its decisions, is reported once to {@link RoundTrips}, and leaves no
 * caller waiting: every decision taken into a batch is answered, with a reply or an exception. Waiting is bounded:
 * a decision handed a lane past its deadline, any while the breaker skips Redis, and all those queued behind a
 * round trip that found Redis silent, are answered with an exception at once, without a round trip.
 */
public final class DecisionBatches {

    /** Told once per round trip: the breaker, the metrics and the outage log count round trips, not decisions. */
    public interface RoundTrips {
        void answered(int decisions, long nanos);

        void failed(JedisException cause);

        /** Decisions left without a round trip (past their deadline, skipped, or a bug): a breaker's trial among them is over. */
        default void abandoned() {
        }

        /** Whether the breaker skips Redis now: decisions that wait then go to the fail mode without a round trip. */
        default boolean skipping() {
            return false;
        }
    }

    private final DecisionScript script;
    private final Supplier<UnifiedJedis> redis;
    private final int limit;
    private final int lanes;
    private final RoundTrips roundTrips;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<PendingDecision> waiting = new ArrayDeque<>();
    private final ScriptPipeline pipeline;
    private final long deadlineNanos;
    private final LongSupplier nanoClock;
    private int inFlight;

    public DecisionBatches(DecisionScript script, Supplier<UnifiedJedis> redis, int limit, int lanes, RoundTrips roundTrips) {
        this(script, redis, limit, lanes, Duration.ofDays(1), System::nanoTime, roundTrips);
    }

    /**
     * {@code deadline}: how long a decision may wait for a lane, from when it was queued; one handed a lane later
     * goes to the fail mode without a round trip. With the round trip's own timeout, no decision waits much more
     * than deadline + timeout.
     */
    public DecisionBatches(DecisionScript script, Supplier<UnifiedJedis> redis, int limit, int lanes, Duration deadline,
                           LongSupplier nanoClock, RoundTrips roundTrips) {
        if (limit < 1 || lanes < 1) {
            throw new IllegalArgumentException("A batch carries at least 1 decision on at least 1 lane, got " + limit + " and " + lanes);
        }
        this.script = script;
        this.pipeline = new ScriptPipeline(script.script());
        this.redis = redis;
        this.limit = limit;
        this.lanes = lanes;
        this.roundTrips = roundTrips;
        this.deadlineNanos = deadline.toNanos();
        this.nanoClock = nanoClock;
    }

    /** One decision per policy, as {@link DecisionScript#decide}; a JedisException when Redis gave no answer. */
    public List<Decision> decide(List<String> keys, List<Policy> policies, long cost) {
        PendingDecision call = new PendingDecision(keys, script.arguments(keys, policies, cost), nanoClock.getAsLong());
        if (limit == 1) {
            boolean interrupted = Thread.interrupted();
            try {
                roundTrip(List.of(call));
            } finally {
                restore(interrupted);
            }
            return DecisionScript.decisions(call.reply());
        }
        boolean sendsNow;
        lock.lock();
        try {
            sendsNow = inFlight < lanes;
            if (sendsNow) {
                inFlight++;
            } else {
                waiting.add(call);
            }
        } finally {
            lock.unlock();
        }
        if (sendsNow || call.awaitTurn()) {
            // A send on an interrupted thread can fail at once (a virtual thread's socket, Jedis's cluster reads) or
            // lose the flag: it is cleared for the send, and the caller gets it back after.
            boolean interrupted = Thread.interrupted();
            try {
                send(call);
            } finally {
                restore(interrupted);
            }
        }
        return DecisionScript.decisions(call.reply());
    }

    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many decisions wait for a lane now. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a batch and answers it; the lane is handed on before the answers are, so the next batch travels
     * while this one's callers wake up. Decisions past their deadline, and all of them while the breaker skips
     * Redis, are answered at once with a failure instead of being sent; they do not count toward the batch's limit.
     */
    private void send(PendingDecision first) {
        List<PendingDecision> batch = new ArrayList<>();
        List<PendingDecision> unsent = new ArrayList<>(0);
        boolean silent = false;
        try {
            boolean skipping = roundTrips.skipping();
            long now = nanoClock.getAsLong();
            lock.lock();
            try {
                for (PendingDecision next = first; next != null; next = batch.size() < limit ? waiting.poll() : null) {
                    if (skipping) {
                        next.fail(new JedisConnectionException("Redis is skipped by the circuit breaker"));
                        unsent.add(next);
                    } else if (now - next.queuedAt > deadlineNanos) {
                        next.fail(new JedisConnectionException("No lane to Redis within " + Duration.ofNanos(deadlineNanos).toMillis() + " ms"));
                        unsent.add(next);
                    } else {
                        batch.add(next);
                    }
                }
            } finally {
                lock.unlock();
            }
            if (!unsent.isEmpty()) {
                roundTrips.abandoned();
            }
            if (!batch.isEmpty()) {
                silent = !roundTrip(batch);
            }
        } catch (RuntimeException | Error unexpected) {
            batch.forEach(call -> call.fail(unexpected));
            throw unexpected;
        } finally {
            handOver(silent);
            batch.forEach(PendingDecision::release);
            unsent.forEach(PendingDecision::release);
        }
    }

    /**
     * The lane goes to the longest waiting decision, which takes the others that wait with it. After a round trip
     * that found Redis silent, every waiting decision gets the fail mode at once instead: they queued while it
     * waited out its timeout, and would wait out another one (so each decision waits about one timeout, not two).
     */
    private void handOver(boolean silent) {
        PendingDecision next;
        List<PendingDecision> drained = List.of();
        lock.lock();
        try {
            if (silent && !waiting.isEmpty()) {
                drained = new ArrayList<>(waiting);
                waiting.clear();
            }
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        } finally {
            lock.unlock();
        }
        if (!drained.isEmpty()) {
            JedisConnectionException noAnswer = new JedisConnectionException("Redis did not answer the round trip ahead of this decision");
            drained.forEach(call -> {
                call.fail(noAnswer);
                call.release();
            });
            roundTrips.abandoned();
        }
        if (next != null) {
            next.takeTurn();
        }
    }

    /** Every exception ends a breaker's trial: a Redis failure as a failure, anything else (a bug) as abandoned. */
    private boolean roundTrip(List<PendingDecision> batch) {
        UnifiedJedis client;
        try {
            client = redis.get();
        } catch (JedisException e) {
            roundTrips.failed(e);
            batch.forEach(call -> call.fail(e));
            return false;
        } catch (RuntimeException | Error unexpected) {
            roundTrips.abandoned();
            throw unexpected;
        }
        try {
            return pipeline.send(client, batch, roundTrips);
        } catch (RuntimeException | Error unexpected) {
            roundTrips.abandoned();
            throw unexpected;
        }
    }
}
