package com.continentsapi.ratelimit.redis;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Decides all limits of one request, of any algorithms, in one EVALSHA: the request is consumed from every
 * limit or, if one of them denies it, from none. The script is the functions of the algorithm files
 * followed by {@code ratelimit/decide.lua}, so each algorithm lives in one file that also runs alone.
 */
public class DecisionScript {

    /** The line that separates an algorithm file's function from its stand-alone tail. */
    static final String RUN_ALONE = "-- Run alone";
    private static final int REPLY_SIZE = 5;

    private final LuaScript script = new LuaScript(texts());

    /**
     * One decision per limit, in the order of {@code keys}; the request is allowed if none is limited.
     * On a Redis Cluster all keys must share a hash tag, as they are touched by one script.
     */
    public List<Decision> decide(UnifiedJedis redis, List<String> keys, List<Policy> policies, long cost) {
        return decisions(script.run(redis, keys, arguments(keys, policies, cost)));
    }

    /** The script's arguments for these limits: per policy, its algorithm, the cost and the algorithm's parameters. */
    List<String> arguments(List<String> keys, List<Policy> policies, long cost) {
        if (keys.isEmpty() || keys.size() != policies.size()) {
            throw new IllegalArgumentException("One key per policy, at least one: got " + keys.size() + " keys for " + policies.size() + " policies");
        }
        if (cost < 0) {
            throw new IllegalArgumentException("A request costs 0 (a peek) or more, got " + cost);
        }
        List<String> args = new ArrayList<>();
        for (Policy policy : policies) {
            List<Long> parameters = policy.algorithm().arguments(policy);
            args.add(policy.algorithm().id());
            args.add(Long.toString(cost));
            args.add(Integer.toString(parameters.size()));
            parameters.forEach(parameter -> args.add(Long.toString(parameter)));
        }
        return args;
    }

    /** The script's reply, one decision per limit. */
    static List<Decision> decisions(Object reply) {
        List<?> values = (List<?>) reply;
        List<Decision> decisions = new ArrayList<>(values.size() / REPLY_SIZE);
        for (int start = 0; start < values.size(); start += REPLY_SIZE) {
            decisions.add(Decision.of(values.subList(start, start + REPLY_SIZE)));
        }
        return decisions;
    }

    LuaScript script() {
        return script;
    }

    static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Algorithm algorithm : Algorithm.values()) {
            String text = LuaScript.text(algorithm.script());
            int tail = text.indexOf("\n" + RUN_ALONE + "\n");
            if (tail < 0) {
                throw new IllegalStateException(algorithm.script() + " lacks the line '" + RUN_ALONE + "' before its stand-alone part");
            }
            texts.add(text.substring(0, tail + 1));
        }
        texts.add(LuaScript.text("ratelimit/decide.lua"));
        return texts;
    }
}
