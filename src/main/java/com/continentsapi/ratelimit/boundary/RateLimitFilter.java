package com.continentsapi.ratelimit.boundary;

import com.continentsapi.problems.Problem;
import com.continentsapi.ratelimit.control.RateLimiter;
import com.continentsapi.ratelimit.entity.Decision;
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
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RateLimitFilter extends HttpFilter {

    @Inject
    RateLimiter limiter;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String user = request.getRemoteUser();
        Optional<Decision> decision = user == null ? Optional.empty() : limiter.decide(user);
        if (decision.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Decision allowedOrNot = decision.get();
        response.setHeader("RateLimit-Policy", limiter.policyField());
        response.setHeader("RateLimit", allowedOrNot.header(limiter.policy()));
        if (allowedOrNot.limited()) {
            long wait = allowedOrNot.retryAfterSeconds();
            response.setHeader("Retry-After", Long.toString(wait));
            Problem.of(429, "You're not allowed to access this resource. Wait " + wait + " seconds before trying again.")
                    .writeTo(response);
            return;
        }
        chain.doFilter(request, response);
    }
}
