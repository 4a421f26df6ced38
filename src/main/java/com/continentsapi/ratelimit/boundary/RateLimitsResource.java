package com.continentsapi.ratelimit.boundary;

import com.continentsapi.database.DatabaseUnavailableException;
import com.continentsapi.ratelimit.control.RateLimiter;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.PolicyOverride;
import com.continentsapi.ratelimit.entity.Verdict;
import com.continentsapi.ratelimit.overrides.OverrideStore;
import com.continentsapi.ratelimit.overrides.Overrides;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** What an administrator (role admin) sees of a caller's quotas, how they reset them, and how they override a policy's limit for them. */
@Path("admin/ratelimit/{user}")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RateLimitsResource {

    private static final long REDIS_RETRY_SECONDS = 1;

    @Inject
    RateLimiter limiter;

    @Inject
    Overrides overrides;

    @Inject
    OverrideStore store;

    @Context
    SecurityContext security;

    /** The caller's state under every policy, read without consuming anything, with the override in force of each. */
    @GET
    public Quotas state(@PathParam("user") String user) {
        requireAdmin();
        Verdict verdict = limiter.peek(valid(user)).orElseThrow(RateLimitsResource::redisUnavailable);
        Map<String, PolicyOverride> overridden = overrides.of(user);
        return new Quotas(user, IntStream.range(0, verdict.policies().size())
                .mapToObj(i -> Quota.of(verdict.policies().get(i), verdict.decisions().get(i), overridden.get(verdict.policies().get(i).name())))
                .toList());
    }

    /** Sets the user's limit (and optionally window, burst, time to live) under one policy, on every instance. */
    @PUT
    @Path("overrides/{policy}")
    @Consumes(MediaType.WILDCARD)
    public Overridden override(@PathParam("user") String user, @PathParam("policy") String policy, String body) {
        requireAdmin();
        Policy configured = requirePolicy(policy);
        PolicyOverride override;
        try {
            override = OverrideRequest.parse(policy, body, System.currentTimeMillis());
            override.applyTo(configured).withinBounds();
        } catch (IllegalArgumentException invalid) {
            throw new BadRequestException(invalid.getMessage());
        }
        requireUser(user);
        try {
            store.put(user, override);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
        announce(user);
        return Overridden.of(override);
    }

    /** Removes the user's override of one policy: the policy's own limit counts again, on every instance. */
    @DELETE
    @Path("overrides/{policy}")
    public void removeOverride(@PathParam("user") String user, @PathParam("policy") String policy) {
        requireAdmin();
        requirePolicy(policy);
        requireUser(user);
        try {
            if (!store.delete(user, policy)) {
                throw new NotFoundException("User '" + user + "' has no override of policy '" + policy + "'.");
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
        announce(user);
    }

    /** Forgets what was counted for the caller: its next request starts with full quotas. */
    @DELETE
    public void reset(@PathParam("user") String user) {
        requireAdmin();
        if (!limiter.reset(valid(user))) {
            throw redisUnavailable();
        }
    }

    /**
     * This instance takes the change at once; the others when Redis tells them. The change is recorded either way,
     * but the administrator must know when the others may not have heard of it.
     */
    private void announce(String user) {
        try {
            overrides.replace(user, store.of(user, System.currentTimeMillis()));
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
        if (!limiter.changed(user)) {
            throw new ServiceUnavailableException("The change is saved, but Redis could not pass it on to the other instances; repeat the request.",
                    REDIS_RETRY_SECONDS);
        }
    }

    private void requireUser(String user) {
        try {
            if (!store.userExists(valid(user))) {
                throw new NotFoundException("There is no user '" + user + "'.");
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    private Policy requirePolicy(String policy) {
        return limiter.settings().rules().all().stream().filter(known -> known.name().equals(policy)).findFirst()
                .orElseThrow(() -> new BadRequestException("Unknown policy '" + policy + "'; the policies are "
                        + limiter.settings().rules().all().stream().map(Policy::name).toList() + "."));
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

    /** The limit, window and burst in force: the override's where there is one. */
    public record Quota(String name, String algorithm, long limit, long window, long burst, long remaining,
                        @JsonbProperty("reset_seconds") long resetSeconds, boolean exhausted, Overridden override) {

        static Quota of(Policy policy, Decision decision, PolicyOverride override) {
            return new Quota(policy.name(), policy.algorithm().id(), policy.limit(), policy.windowSeconds(), policy.burst(),
                    decision.remaining(), decision.resetSeconds(), decision.remaining() == 0, override == null ? null : Overridden.of(override));
        }
    }

    /** An override as set: null window or burst are the policy's window and a burst of the limit; {@code expires_at} RFC 3339, absent for none. */
    public record Overridden(String policy, long limit, Long window, Long burst, @JsonbProperty("expires_at") String expiresAt) {

        static Overridden of(PolicyOverride override) {
            return new Overridden(override.policy(), override.limit(), override.window(), override.burst(),
                    override.expiresAt() == null ? null : Instant.ofEpochMilli(override.expiresAt()).toString());
        }
    }
}
