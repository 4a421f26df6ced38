package com.continentsapi.ratelimit.entity;

import com.continentsapi.problems.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The limiter's no: a problem and how many seconds to wait before trying again. */
public record Refusal(Problem problem, long retryAfterSeconds) {

    static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";

    /** 429: a policy's quota is spent. */
    static Refusal quotaExceeded(Verdict verdict) {
        long wait = verdict.retryAfterSeconds();
        return new Refusal(new Problem(QUOTA_EXCEEDED, "Request cannot be satisfied as assigned quota has been exceeded", 429,
                "You're not allowed to access this resource. Wait " + wait + " seconds before trying again.",
                Map.of("violated-policies", List.copyOf(verdict.violated()))), wait);
    }

    /** 503: Redis cannot decide and the limiter fails closed. */
    static Refusal undecided(long retryAfterSeconds) {
        return new Refusal(Problem.of(503, "The rate limiter cannot decide right now. Try again in " + retryAfterSeconds
                + " seconds."), retryAfterSeconds);
    }

    public void writeTo(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        problem.writeTo(response);
    }
}
