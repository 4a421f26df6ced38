package com.continentsapi.ratelimit.local;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.entity.Verdict;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Fail mode local: while Redis cannot decide, this instance decides every policy itself, with the same algorithms
 * ({@link LocalLimits}) and each policy's limit and burst divided among the instances, rounded up, so that together
 * they stay close to the limit without talking to each other. The answers are decisions like Redis's (fields,
 * 429s), marked local so that the denial cache does not keep them. Once Redis answers for a caller's keys again its
 * counts hold, and this instance's for those keys are dropped: that caller's next outage starts from empty counters.
 * Only those keys: while one shard of a Cluster is down, its callers keep their local counts however many others
 * Redis answers.
 */
public final class LocalFallback {

    private final int instances;
    private final LocalLimits limits;

    public LocalFallback(int instances, int capacity, LongSupplier micros) {
        if (instances < 1) {
            throw new IllegalArgumentException("At least one instance shares the limits, got " + instances);
        }
        this.instances = instances;
        this.limits = new LocalLimits(capacity, micros);
    }

    public Outcome.Decided decide(List<String> keys, Applied applied, boolean enforced) {
        List<Decision> decisions = limits.decide(keys, applied.policies().stream().map(this::share).toList(), applied.cost());
        return new Outcome.Decided(applied, new Verdict(applied.policies(), decisions), enforced, true);
    }

    /** Gives back what {@link #decide} took under these fixed-window keys, as {@code taken} replied. */
    public void giveBack(List<String> keys, Verdict taken) {
        for (int i = 0; i < keys.size(); i++) {
            limits.giveBack(keys.get(i), taken.decisions().get(i).resetAfterMillis());
        }
    }

    /** Redis decided these keys: its counts hold again for them. Costs a volatile read while nothing is held. */
    public void redisAnswered(List<String> keys) {
        if (limits.holding()) {
            limits.forget(keys);
        }
    }

    /** This instance's part of a policy: the same algorithm and window, the limit and burst divided, never below 1. */
    Policy share(Policy policy) {
        if (instances == 1) {
            return policy;
        }
        return new Policy(policy.name(), policy.algorithm(), Math.ceilDiv(policy.limit(), instances), policy.windowSeconds(),
                Math.ceilDiv(policy.burst(), instances));
    }

    int instances() {
        return instances;
    }

    LocalLimits limits() {
        return limits;
    }
}
