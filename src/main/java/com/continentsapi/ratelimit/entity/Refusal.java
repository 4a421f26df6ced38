package com.continentsapi.ratelimit.entity;

import com.continentsapi.problems.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The limiter's no: a problem and how many seconds to wait before trying again. Its problem types are the three
 * that draft-ietf-httpapi-ratelimit-headers registers, each naming the policies concerned in {@code violated-policies}.
 */
public record Refusal(Problem problem, long retryAfterSeconds) {

    static final String TYPES = "https://iana.org/assignments/http-problem-types#";
    static final String QUOTA_EXCEEDED = TYPES + "quota-exceeded";
    static final String TEMPORARY_REDUCED_CAPACITY = TYPES + "temporary-reduced-capacity";
    static final String ABNORMAL_USAGE_DETECTED = TYPES + "abnormal-usage-detected";
    static final String VIOLATED_POLICIES = "violated-policies";

    /** 429: a policy's quota is spent. */
    static Refusal quotaExceeded(Verdict verdict) {
        long wait = verdict.retryAfterSeconds();
        return new Refusal(new Problem(QUOTA_EXCEEDED, "Request cannot be satisfied as assigned quota has been exceeded", 429,
                "You're not allowed to access this resource. Wait " + wait + " seconds before trying again.",
                Map.of(VIOLATED_POLICIES, verdict.violated())), wait);
    }

    /** 429: too many failed logins, a pattern of password guessing rather than of use. */
    static Refusal abnormalUsage(Verdict verdict) {
        long wait = verdict.retryAfterSeconds();
        return new Refusal(new Problem(ABNORMAL_USAGE_DETECTED, "Request not satisfied due to detection of abnormal request pattern", 429,
                "Too many failed logins. Wait " + wait + " seconds before trying again.",
                Map.of(VIOLATED_POLICIES, verdict.violated())), wait);
    }

    /** 503: Redis cannot decide and the limiter fails closed; {@code policies} are those it could not enforce. */
    static Refusal undecided(List<Policy> policies, long retryAfterSeconds) {
        List<String> names = policies.stream().map(Policy::name).toList();
        return new Refusal(new Problem(TEMPORARY_REDUCED_CAPACITY, "Request cannot be satisfied due to temporary server capacity constraints", 503,
                "The rate limiter cannot decide right now. Try again in " + retryAfterSeconds + " seconds.",
                names.isEmpty() ? Map.of() : Map.of(VIOLATED_POLICIES, names)), retryAfterSeconds);
    }

    public void writeTo(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        problem.writeTo(response);
    }
}
