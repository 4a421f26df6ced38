package com.continentsapi.ratelimit.entity;

import java.util.List;
import java.util.stream.IntStream;

/** The decisions of every policy that counted one request, in the order of {@code policies}. */
public record Verdict(List<Policy> policies, List<Decision> decisions) {

    public Verdict {
        if (policies.size() != decisions.size() || policies.isEmpty()) {
            throw new IllegalArgumentException("One decision per policy, got " + policies.size() + " policies and " + decisions.size() + " decisions");
        }
        policies = List.copyOf(policies);
        decisions = List.copyOf(decisions);
    }

    public boolean limited() {
        for (Decision decision : decisions) {
            if (decision.limited()) {
                return true;
            }
        }
        return false;
    }

    public List<String> violated() {
        return indexes().filter(i -> decisions.get(i).limited()).mapToObj(i -> policies.get(i).name()).toList();
    }

    /** Whole seconds until every violated policy allows the request again, rounded up: never early. */
    public long retryAfterSeconds() {
        return decisions.stream().filter(Decision::limited).mapToLong(Decision::retryAfterSeconds).max().orElse(0);
    }

    /**
     * The IETF RateLimit field, for the most restrictive policy: when denied, the one that makes the caller
     * wait longest; otherwise the one with the fewest units left (the later reset on a tie).
     */
    public String rateLimitField() {
        int i = mostRestrictive();
        return RateLimitFields.rateLimit(policies.get(i), decisions.get(i));
    }

    public int mostRestrictive() {
        boolean limited = limited();
        int most = 0;
        for (int i = 1; i < decisions.size(); i++) {
            if (limited ? waitsLonger(decisions.get(i), decisions.get(most)) : leavesLess(decisions.get(i), decisions.get(most))) {
                most = i;
            }
        }
        return most;
    }

    private static boolean waitsLonger(Decision candidate, Decision most) {
        return candidate.limited() && (!most.limited() || candidate.retryAfterMillis() > most.retryAfterMillis());
    }

    private static boolean leavesLess(Decision candidate, Decision most) {
        return candidate.remaining() < most.remaining()
                || candidate.remaining() == most.remaining() && candidate.resetAfterMillis() > most.resetAfterMillis();
    }

    private IntStream indexes() {
        return IntStream.range(0, policies.size());
    }
}
