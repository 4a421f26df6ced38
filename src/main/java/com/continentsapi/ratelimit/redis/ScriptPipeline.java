package com.continentsapi.ratelimit.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * How a batch of decisions travels to Redis: one alone as a plain EVALSHA, several as one pipeline of EVALSHAs.
 * A pipeline does not do what a single call does by itself, so it is done here: a script Redis forgot is loaded
 * once for the batch, a decision a Cluster redirects is sent again alone, and on a Cluster the pipeline is split
 * by node, a node that gave no reply failing only its own decisions.
 */
final class ScriptPipeline implements AutoCloseable {

    /** A Redis that forgot the script is told it again at most this often per batch (once per Cluster node at most). */
    private static final int SCRIPT_LOADS = 16;

    private final LuaScript script;
    /** Reads a Cluster pipeline's nodes side by side; Jedis would otherwise start a thread pool per pipeline. */
    private ExecutorService clusterReads;

    ScriptPipeline(LuaScript script) {
        this.script = script;
    }

    /** Answers each decision of the batch; throws when the round trip as a whole failed. */
    void send(UnifiedJedis client, List<PendingDecision> batch) {
        if (batch.size() == 1) {
            PendingDecision call = batch.getFirst();
            call.answer(script.run(client, call.keys, call.args));
        } else {
            pipeline(client, batch, SCRIPT_LOADS);
        }
    }

    private void pipeline(UnifiedJedis client, List<PendingDecision> batch, int scriptLoads) {
        List<Response<Object>> replies = new ArrayList<>(batch.size());
        try (AbstractPipeline pipeline = client instanceof RedisClusterClient cluster ? cluster.pipelined(clusterReads()) : client.pipelined()) {
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
            script.load(client, unknownScript.getFirst().keys.getFirst());
            pipeline(client, unknownScript, scriptLoads - 1);
        }
    }

    private void alone(UnifiedJedis client, PendingDecision call) {
        try {
            call.answer(script.run(client, call.keys, call.args));
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
