package com.continentsapi.ratelimit.boundary;

import com.continentsapi.ratelimit.control.RateLimiter;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Verdict;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.stream.IntStream;

/** What an administrator (role admin) sees of a caller's quotas, and how they reset them. */
@Path("admin/ratelimit/{user}")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RateLimitsResource {

    private static final long REDIS_RETRY_SECONDS = 1;

    @Inject
    RateLimiter limiter;

    @Context
    SecurityContext security;

    /** The caller's state under every policy, read without consuming anything. */
    @GET
    public Quotas state(@PathParam("user") String user) {
        requireAdmin();
        Verdict verdict = limiter.peek(valid(user)).orElseThrow(RateLimitsResource::redisUnavailable);
        return new Quotas(user, IntStream.range(0, verdict.policies().size())
                .mapToObj(i -> Quota.of(verdict.policies().get(i), verdict.decisions().get(i)))
                .toList());
    }

    /** Forgets what was counted for the caller: its next request starts with full quotas. */
    @DELETE
    public void reset(@PathParam("user") String user) {
        requireAdmin();
        if (!limiter.reset(valid(user))) {
            throw redisUnavailable();
        }
    }

    /** Checked here, not by a web.xml constraint: see web.xml. */
    private void requireAdmin() {
        if (!security.isUserInRole("admin")) {
            throw new ForbiddenException("Only administrators (role admin) may see or reset rate limits.");
        }
    }

    /** A user name as the users table can hold it, or an anonymous client's {@code ip:<address>}. */
    private static String valid(String user) {
        if (user.isEmpty() || user.length() > 100 || user.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("A user is 1 to 100 characters, without control characters.");
        }
        return user;
    }

    private static ServiceUnavailableException redisUnavailable() {
        return new ServiceUnavailableException("Redis is unavailable; try again shortly.", REDIS_RETRY_SECONDS);
    }

    public record Quotas(String user, List<Quota> policies) {
    }

    public record Quota(String name, String algorithm, long limit, long window, long burst, long remaining,
                        @JsonbProperty("reset_seconds") long resetSeconds, boolean exhausted) {

        static Quota of(Policy policy, Decision decision) {
            return new Quota(policy.name(), policy.algorithm().id(), policy.limit(), policy.windowSeconds(), policy.burst(),
                    decision.remaining(), decision.resetSeconds(), decision.remaining() == 0);
        }
    }
}
