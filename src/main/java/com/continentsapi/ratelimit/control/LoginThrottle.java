package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.entity.Verdict;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Throttles password guessing: failed logins are counted per user name and client, per client and per user
 * name, in fixed windows, and a login is refused (429) once one of the three is spent, before its password hash
 * is checked, which is what costs (PBKDF2, ~225 ms of CPU). Only failures count; a correct password neither
 * counts nor resets anything. The windows expire, so nobody is locked out for good.
 */
@ApplicationScoped
public class LoginThrottle {

    /**
     * One hash tag for every login counter: a check touches a user name's and a client's counters in one
     * EVALSHA, and on a Redis Cluster those must share a slot.
     */
    static final String PREFIX = "rl:login:{login}:";

    @Inject
    RateLimiter limiter;

    @Inject
    @ConfigProperty(name = "ratelimit.login.enabled")
    boolean enabled;

    /** Failures of one user name from one client. */
    @Inject
    @ConfigProperty(name = "ratelimit.login.limit")
    long limit;

    /** Failures from one client, whatever the user names: one client spraying many names. */
    @Inject
    @ConfigProperty(name = "ratelimit.login.client-limit")
    long clientLimit;

    /** Failures for one user name, whatever the clients: many clients guessing one password. */
    @Inject
    @ConfigProperty(name = "ratelimit.login.user-limit")
    long userLimit;

    @Inject
    @ConfigProperty(name = "ratelimit.login.window")
    long windowSeconds;

    private Applied check;
    private Applied failure;

    @PostConstruct
    void init() {
        List<Policy> policies = List.of(new Policy("login", limit, windowSeconds),
                new Policy("login-client", clientLimit, windowSeconds), new Policy("login-user", userLimit, windowSeconds));
        check = new Applied(policies, 0);
        failure = new Applied(policies, 1);
    }

    /**
     * Before the password is checked: a Decided that blocks once this user name or client has no failure
     * left; an Undecided when Redis cannot tell (the limiter's fail mode then says whether the login may go on).
     */
    public Outcome check(String user, String client) {
        if (!enabled) {
            return new Outcome.Unlimited();
        }
        return switch (limiter.decide(keys(user, client), check)) {
            case Outcome.Decided decided -> new Outcome.Decided(decided.applied(), spent(decided.verdict()), decided.enforced());
            case Outcome.Undecided undecided -> undecided;
            case Outcome.Unlimited unlimited -> unlimited;
        };
    }

    /** After a wrong password: one failure more on each counter. */
    public void failed(String user, String client) {
        if (enabled) {
            limiter.decide(keys(user, client), failure);
        }
    }

    /** A look (cost 0) answers "allowed" while units are left; for a login, the last unit spent already blocks. */
    private static Verdict spent(Verdict peek) {
        return new Verdict(peek.policies(), peek.decisions().stream().map(decision -> decision.remaining() < 1
                ? new Decision(true, decision.limit(), 0, Math.max(decision.retryAfterMillis(), decision.resetAfterMillis()), decision.resetAfterMillis())
                : decision).toList());
    }

    /**
     * The user name is whatever the client sent: it is hashed, so a key has a bounded length and no odd bytes,
     * and a password typed into the name field is not stored as it was typed. Never the password or the header.
     */
    static List<String> keys(String user, String client) {
        String name = name(user);
        return List.of(PREFIX + "u:" + name + ":c:" + client, PREFIX + "c:" + client, PREFIX + "u:" + name);
    }

    private static String name(String user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
