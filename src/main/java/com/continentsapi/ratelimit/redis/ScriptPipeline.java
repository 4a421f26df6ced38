package com.continentsapi.ratelimit.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * How a batch of decisions travels to Redis: one alone as a plain EVALSHA, several as one pipeline of EVALSHAs.
 * A pipeline does not do what a single call does by itself, so it is done here: a script Redis forgot is loaded
 * once for the batch, and a decision a Cluster redirects is sent again alone. On a Cluster the batch is split by
 * node (Jedis's slot map) before anything is sent, each node's part is a round trip of its own on a connection to
 * that node, and each is reported on its own: a silent node fails its own decisions, and only those.
 * A script error is the decision's, not the node's: the round trip counts as answered.
 */
final class ScriptPipeline {

    /** A Redis that forgot the script is told it again at most this often per batch (once per Cluster node at most). */
    private static final int SCRIPT_LOADS = 16;

    private final LuaScript script;

    ScriptPipeline(LuaScript script) {
        this.script = script;
    }

    /**
     * Answers each decision of the batch, and tells {@code roundTrips} of each round trip it took; false when none
     * was answered (Redis was silent), true when some node answered.
     */
    boolean send(UnifiedJedis client, List<PendingDecision> batch, DecisionBatches.RoundTrips roundTrips) {
        if (client instanceof RedisClusterClient cluster && batch.size() > 1) {
            boolean answered = false;
            for (List<PendingDecision> node : byNode(cluster, batch)) {
                answered |= roundTrip(node, roundTrips, () -> {
                    if (node.size() == 1) {
                        single(cluster, node.getFirst());
                    } else {
                        try (Connection connection = cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(node.getFirst().keys.getFirst()))) {
                            pipeline(client, node, () -> new Pipeline(connection), SCRIPT_LOADS);
                        }
                    }
                });
            }
            return answered;
        } else {
            return roundTrip(batch, roundTrips, () -> {
                if (batch.size() == 1) {
                    single(client, batch.getFirst());
                } else {
                    pipeline(client, batch, client::pipelined, SCRIPT_LOADS);
                }
            });
        }
    }

    private static List<List<PendingDecision>> byNode(UnifiedJedis cluster, List<PendingDecision> batch) {
        Function<String, Object> nodeOf = RedisNodes.of(cluster);
        Map<Object, List<PendingDecision>> nodes = new LinkedHashMap<>();
        for (PendingDecision call : batch) {
            nodes.computeIfAbsent(nodeOf.apply(call.keys.getFirst()), node -> new ArrayList<>()).add(call);
        }
        return List.copyOf(nodes.values());
    }

    private static boolean roundTrip(List<PendingDecision> calls, DecisionBatches.RoundTrips roundTrips, Runnable send) {
        long start = System.nanoTime();
        try {
            send.run();
            roundTrips.answered(calls.size(), System.nanoTime() - start);
            return true;
        } catch (JedisException e) {
            roundTrips.failed(e);
            calls.forEach(call -> call.fail(e));
            return false;
        }
    }

    private void single(UnifiedJedis client, PendingDecision call) {
        try {
            call.answer(script.run(client, call.keys, call.args));
        } catch (JedisDataException e) {
            if (!ScriptError.raisedBy(e)) {
                throw e;
            }
            call.fail(new ScriptError(e));
        }
    }

    private void pipeline(UnifiedJedis client, List<PendingDecision> batch, Supplier<AbstractPipeline> opened, int scriptLoads) {
        List<Response<Object>> replies = new ArrayList<>(batch.size());
        try (AbstractPipeline pipeline = opened.get()) {
            for (PendingDecision call : batch) {
                replies.add(pipeline.evalsha(script.sha1(), call.keys, call.args));
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
                if (ScriptError.raisedBy(e)) {
                    call.fail(new ScriptError(e));
                } else {
                    // A Cluster's redirection (MOVED, ASK, TRYAGAIN), which a pipeline does not follow: sent again
                    // alone, through the client's own redirection and retries.
                    alone(client, call);
                }
            } catch (IllegalStateException e) {
                call.fail(new JedisConnectionException("No reply from the Redis node of " + call.keys.getFirst(), e));
            }
        }
        if (!unknownScript.isEmpty()) {
            if (scriptLoads == 0) {
                unknownScript.forEach(call -> call.fail(new JedisNoScriptException("Redis kept forgetting the decision script")));
                return;
            }
            script.load(client, unknownScript.getFirst().keys.getFirst());
            pipeline(client, unknownScript, opened, scriptLoads - 1);
        }
    }

    private void alone(UnifiedJedis client, PendingDecision call) {
        try {
            single(client, call);
        } catch (JedisException e) {
            call.fail(e);
        }
    }
}
