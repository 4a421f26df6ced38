package com.continentsapi.ratelimit.boundary;

import com.continentsapi.ratelimit.control.RateLimitSettings;
import com.continentsapi.ratelimit.control.RateLimiter;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.RateLimitFields;
import com.continentsapi.ratelimit.entity.Refusal;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Limits every request of an authenticated caller. Authentication runs before filters, so a wrong password
 * is turned away (401) before it can reach, or reset, anybody's quota; a denied request never reaches the database.
 * Answers carry the IETF RateLimit-Policy and RateLimit fields ({@link RateLimitFields}); a denial is a 429
 * quota-exceeded problem with Retry-After. A caller whose plan is unlimited gets neither.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RateLimitFilter extends HttpFilter {

    @Inject
    RateLimiter limiter;

    /** Not asked of the limiter: each call through its client proxy costs, and this runs on every request. */
    @Inject
    RateLimitSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String caller = request.getRemoteUser();
        if (caller == null) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Outcome outcome = limiter.decide(caller, (String) request.getAttribute(RateLimiter.PLAN), request.getMethod(), path);
        if (outcome instanceof Outcome.Decided decided) {
            RateLimitFields.write(response, decided.applied(), decided.verdict(), settings.legacyHeaders());
        }
        Optional<Refusal> refusal = outcome.refusal();
        if (refusal.isPresent()) {
            refusal.get().writeTo(response);
        } else {
            chain.doFilter(request, response);
        }
    }
}
