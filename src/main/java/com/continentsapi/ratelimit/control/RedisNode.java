package com.continentsapi.ratelimit.control;

import com.continentsapi.problems.Outage;
import com.continentsapi.ratelimit.redis.CircuitBreaker;
import com.continentsapi.ratelimit.redis.DecisionBatches;
import java.util.function.Function;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Redis node as the limiter sees it (the one Redis, or one Cluster master): its own circuit breaker, lanes and
 * outage log, so that a node that stops answering puts only its own callers in the fail mode, and a node that
 * answers keeps its callers in Redis. Told of each of its round trips by {@link DecisionBatches}.
 */
final class RedisNode implements DecisionBatches.RoundTrips {

    final CircuitBreaker breaker;
    final DecisionBatches batches;
    private final Outage outage;
    private final LimiterMetrics metrics;

    RedisNode(CircuitBreaker breaker, Outage outage, LimiterMetrics metrics, Function<DecisionBatches.RoundTrips, DecisionBatches> batches) {
        this.breaker = breaker;
        this.outage = outage;
        this.metrics = metrics;
        this.batches = batches.apply(this);
    }

    @Override
    public void answered(int decisions, long nanos) {
        metrics.redisCall(nanos, decisions);
        breaker.succeeded();
        outage.answered();
    }

    @Override
    public void failed(JedisException cause) {
        breaker.failed();
        outage.failed(cause);
    }

    @Override
    public void abandoned() {
        breaker.abandoned();
    }

    @Override
    public boolean skipping() {
        return breaker.open();
    }
}
