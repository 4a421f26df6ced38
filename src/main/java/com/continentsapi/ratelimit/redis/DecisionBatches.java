package com.continentsapi.ratelimit.redis;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
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
 * caller waiting: every decision taken into a batch is answered, with a reply or an exception.
 */
public final class DecisionBatches implements AutoCloseable {

    /** Told once per round trip: the breaker, the metrics and the outage log count round trips, not decisions. */
    public interface RoundTrips {
        void answered(int decisions, long nanos);

        void failed(JedisException cause);
    }

    private final DecisionScript script;
    private final Supplier<UnifiedJedis> redis;
    private final int limit;
    private final int lanes;
    private final RoundTrips roundTrips;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<PendingDecision> waiting = new ArrayDeque<>();
    private final ScriptPipeline pipeline;
    private int inFlight;

    public DecisionBatches(DecisionScript script, Supplier<UnifiedJedis> redis, int limit, int lanes, RoundTrips roundTrips) {
        if (limit < 1 || lanes < 1) {
            throw new IllegalArgumentException("A batch carries at least 1 decision on at least 1 lane, got " + limit + " and " + lanes);
        }
        this.script = script;
        this.pipeline = new ScriptPipeline(script.script());
        this.redis = redis;
        this.limit = limit;
        this.lanes = lanes;
        this.roundTrips = roundTrips;
    }

    /** One decision per policy, as {@link DecisionScript#decide}; a JedisException when Redis gave no answer. */
    public List<Decision> decide(List<String> keys, List<Policy> policies, long cost) {
        PendingDecision call = new PendingDecision(keys, script.arguments(keys, policies, cost));
        if (limit == 1) {
            roundTrip(List.of(call));
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
            send(call);
        }
        return DecisionScript.decisions(call.reply());
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
     * while this one's callers wake up.
     */
    private void send(PendingDecision first) {
        List<PendingDecision> batch = new ArrayList<>();
        batch.add(first);
        try {
            lock.lock();
            try {
                while (batch.size() < limit && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
            } finally {
                lock.unlock();
            }
            roundTrip(batch);
        } catch (RuntimeException | Error unexpected) {
            batch.forEach(call -> call.fail(unexpected));
            throw unexpected;
        } finally {
            handOver();
            batch.forEach(PendingDecision::release);
        }
    }

    /** The lane goes to the longest waiting decision, which takes the others that wait with it. */
    private void handOver() {
        PendingDecision next;
        lock.lock();
        try {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            next.takeTurn();
        }
    }

    private void roundTrip(List<PendingDecision> batch) {
        long start = System.nanoTime();
        try {
            pipeline.send(redis.get(), batch);
            roundTrips.answered(batch.size(), System.nanoTime() - start);
        } catch (JedisException e) {
            roundTrips.failed(e);
            batch.forEach(call -> call.fail(e));
        }
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
