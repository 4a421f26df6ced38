package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Sends the decisions of concurrent requests to Redis together (smart batching). A decision that finds fewer
 * than {@code lanes} round trips in flight goes out at once, alone: one EVALSHA, exactly as without batching, and
 * no timer ever holds it back. A decision that arrives while every lane is busy waits; when a lane frees up, it
 * goes out with every decision that waited meanwhile (up to {@code limit}) as one pipeline. Redis reads, runs and
 * answers a pipeline's scripts for much less than as many separate round trips, and each decision is still one
 * atomic EVALSHA of its own. On a Cluster the pipeline is split by node.
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

    /** A Redis that forgot the script is told it again at most this often per batch (once per Cluster node at most). */
    private static final int SCRIPT_LOADS = 16;

    private final DecisionScript script;
    private final Supplier<UnifiedJedis> redis;
    private final int limit;
    private final int lanes;
    private final RoundTrips roundTrips;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<PendingDecision> waiting = new ArrayDeque<>();
    private int inFlight;
    /** Reads a Cluster pipeline's nodes side by side; Jedis would otherwise start a thread pool per pipeline. */
    private ExecutorService clusterReads;

    public DecisionBatches(DecisionScript script, Supplier<UnifiedJedis> redis, int limit, int lanes, RoundTrips roundTrips) {
        if (limit < 1 || lanes < 1) {
            throw new IllegalArgumentException("A batch carries at least 1 decision on at least 1 lane, got " + limit + " and " + lanes);
        }
        this.script = script;
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
            UnifiedJedis client = redis.get();
            if (batch.size() == 1) {
                PendingDecision call = batch.getFirst();
                call.answer(script.script().run(client, call.keys, call.args));
            } else {
                pipeline(client, batch, SCRIPT_LOADS);
            }
            roundTrips.answered(batch.size(), System.nanoTime() - start);
        } catch (JedisException e) {
            roundTrips.failed(e);
            batch.forEach(call -> call.fail(e));
        }
    }

    private void pipeline(UnifiedJedis client, List<PendingDecision> batch, int scriptLoads) {
        List<Response<Object>> replies = new ArrayList<>(batch.size());
        try (AbstractPipeline pipeline = client instanceof RedisClusterClient cluster ? cluster.pipelined(clusterReads()) : client.pipelined()) {
            for (PendingDecision call : batch) {
                replies.add(pipeline.evalsha(script.script().sha1(), call.keys, call.args));
            }
            pipeline.sync();
        }
        List<PendingDecision> unknownScript = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            PendingDecision call = batch.get(i);
            try {
                call.answer(replies.get(i).get());
            } catch (JedisNoScriptException e) {
                unknownScript.add(call);
            } catch (JedisDataException e) {
                // A Cluster's redirection (MOVED, ASK, TRYAGAIN), which a pipeline does not follow, or a script
                // error: sent again alone, through the client's own redirection and retries.
                alone(client, call);
            } catch (IllegalStateException e) {
                // No reply at all: on a Cluster, the connection to this decision's node failed (Jedis logs it).
                call.fail(new JedisConnectionException("No reply from the Redis node of " + call.keys.getFirst(), e));
            }
        }
        if (!unknownScript.isEmpty()) {
            if (scriptLoads == 0) {
                unknownScript.forEach(call -> call.fail(new JedisNoScriptException("Redis kept forgetting the decision script")));
                return;
            }
            script.script().load(client, unknownScript.getFirst().keys.getFirst());
            pipeline(client, unknownScript, scriptLoads - 1);
        }
    }

    private void alone(UnifiedJedis client, PendingDecision call) {
        try {
            call.answer(script.script().run(client, call.keys, call.args));
        } catch (JedisException e) {
            call.fail(e);
        }
    }

    private synchronized ExecutorService clusterReads() {
        if (clusterReads == null) {
            clusterReads = Executors.newVirtualThreadPerTaskExecutor();
        }
        return clusterReads;
    }

    @Override
    public synchronized void close() {
        if (clusterReads != null) {
            clusterReads.close();
        }
    }
}
