package com.continentsapi.ratelimit.boundary;

import com.continentsapi.problems.Problem;
import com.continentsapi.ratelimit.control.RateLimiter;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Verdict;
import com.continentsapi.security.BasicAuthentication;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits every request of an authenticated caller. Authentication runs before filters, so a wrong password
 * is turned away (401) before it can reach, or reset, anybody's quota; a denied request never reaches the database.
 * Answers carry the IETF RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers); a denial
 * is a 429 quota-exceeded problem with Retry-After.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RateLimitFilter extends HttpFilter {

    static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";

    @Inject
    RateLimiter limiter;

    /** The pre-standard X-RateLimit-Limit/-Remaining/-Reset (seconds from now), for clients that only read those. */
    @Inject
    @ConfigProperty(name = "ratelimit.legacy-headers")
    boolean legacyHeaders;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String caller = request.getRemoteUser();
        if (caller == null) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String plan = (String) request.getAttribute(BasicAuthentication.PLAN);
        switch (limiter.decide(caller, plan, request.getMethod(), path)) {
            case Outcome.Unlimited unlimited -> chain.doFilter(request, response);
            case Outcome.Undecided undecided when undecided.failClosed() -> refuse(response, undecided);
            case Outcome.Undecided undecided -> chain.doFilter(request, response);
            case Outcome.Decided decided -> {
                writeFields(response, decided);
                if (decided.blocks()) {
                    deny(response, decided.verdict());
                } else {
                    chain.doFilter(request, response);
                }
            }
        }
    }

    /** The 503 of a limiter that cannot decide while it fails closed; also the login throttle's answer. */
    public static void refuse(HttpServletResponse response, Outcome.Undecided undecided) throws IOException {
        response.setHeader("Retry-After", Long.toString(undecided.retryAfterSeconds()));
        Problem.of(503, "The rate limiter cannot decide right now. Try again in " + undecided.retryAfterSeconds() + " seconds.")
                .writeTo(response);
    }

    private void writeFields(HttpServletResponse response, Outcome.Decided decided) {
        Verdict verdict = decided.verdict();
        response.setHeader("RateLimit-Policy", decided.applied().policyField());
        response.setHeader("RateLimit", verdict.rateLimitField());
        if (legacyHeaders) {
            int i = verdict.mostRestrictive();
            Decision decision = verdict.decisions().get(i);
            response.setHeader("X-RateLimit-Limit", Long.toString(verdict.policies().get(i).limit()));
            response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
            response.setHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
        }
    }

    /** The 429 quota-exceeded problem with Retry-After; also the login throttle's answer. */
    public static void deny(HttpServletResponse response, Verdict verdict) throws IOException {
        long wait = verdict.retryAfterSeconds();
        response.setHeader("Retry-After", Long.toString(wait));
        new Problem(QUOTA_EXCEEDED, "Request cannot be satisfied as assigned quota has been exceeded", 429,
                "You're not allowed to access this resource. Wait " + wait + " seconds before trying again.",
                Map.of("violated-policies", List.copyOf(verdict.violated())))
                .writeTo(response);
    }
}
