package com.continentsapi.ratelimit.entity;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The IETF RateLimit-Policy and RateLimit fields as draft-ietf-httpapi-ratelimit-headers-11 spells them, and the
 * only place that spells them: a later draft that renames a field or a parameter is a change of one constant.
 * Both are Structured Field lists (RFC 9651) of items named after a policy, e.g. {@code "default";q=5;w=60}
 * and {@code "default";r=4;t=60}; a policy's name is always a valid item (see {@link Policy}).
 */
public final class RateLimitFields {

    public static final String POLICY_FIELD = "RateLimit-Policy";
    public static final String FIELD = "RateLimit";
    /** RateLimit-Policy's parameters: the quota, and the window in seconds. */
    static final String QUOTA = "q";
    static final String WINDOW = "w";
    /** RateLimit's parameters: the units remaining, and the seconds until the quota resets. */
    static final String REMAINING = "r";
    static final String RESET = "t";

    private RateLimitFields() {
    }

    /** RateLimit-Policy: every policy that counts a request. */
    public static String policy(List<Policy> policies) {
        return policies.stream().map(policy -> item(policy.name(), QUOTA, policy.limit(), WINDOW, policy.windowSeconds()))
                .collect(Collectors.joining(", "));
    }

    /** RateLimit: one policy's state after a decision. */
    public static String rateLimit(Policy policy, Decision decision) {
        return item(policy.name(), REMAINING, decision.remaining(), RESET, decision.resetSeconds());
    }

    /**
     * Both fields of a decided request; with {@code legacy} also the pre-standard X-RateLimit-Limit, -Remaining and
     * -Reset (seconds from now) of the most restrictive policy, for clients that only read those.
     */
    public static void write(HttpServletResponse response, Rules.Applied applied, Verdict verdict, boolean legacy) {
        response.setHeader(POLICY_FIELD, applied.policyField());
        response.setHeader(FIELD, verdict.rateLimitField());
        if (legacy) {
            int i = verdict.mostRestrictive();
            Decision decision = verdict.decisions().get(i);
            response.setHeader("X-RateLimit-Limit", Long.toString(verdict.policies().get(i).limit()));
            response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
            response.setHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
        }
    }

    private static String item(String name, String first, long firstValue, String second, long secondValue) {
        return "\"" + name + "\";" + first + "=" + firstValue + ";" + second + "=" + secondValue;
    }
}
