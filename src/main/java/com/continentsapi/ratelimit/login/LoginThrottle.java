package com.continentsapi.ratelimit.login;

import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.entity.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Throttles password guessing: failed logins are counted per user name and client, per client and per user
 * name, in fixed windows, and a login is refused (429) once one of the three is spent, before its password hash
 * is checked, which is what costs (PBKDF2). Only failures count; a correct password neither counts nor resets
 * anything. The windows expire, so nobody is locked out for good.
 */
public final class LoginThrottle {

    /**
     * One hash tag for every login counter: a check touches a user name's and a client's counters in one
     * EVALSHA, and on a Redis Cluster those must share a slot.
     */
    static final String PREFIX = "rl:login:{login}:";

    /** A look at the counters (cost 0), and one failure more on each (cost 1). */
    public final Applied check;
    public final Applied failure;

    public LoginThrottle(LoginLimits limits) {
        List<Policy> policies = List.of(new Policy("login", limits.limit(), limits.windowSeconds()),
                new Policy("login-client", limits.clientLimit(), limits.windowSeconds()),
                new Policy("login-user", limits.userLimit(), limits.windowSeconds()));
        check = new Applied(policies, 0);
        failure = new Applied(policies, 1);
    }

    /** A look (cost 0) answers "allowed" while units are left; for a login, the last unit spent already blocks. */
    public static Outcome spent(Outcome look) {
        if (!(look instanceof Outcome.Decided decided)) {
            return look;
        }
        Verdict peek = decided.verdict();
        Verdict spent = new Verdict(peek.policies(), peek.decisions().stream().map(decision -> decision.remaining() < 1
                ? new Decision(true, decision.limit(), 0, Math.max(decision.retryAfterMillis(), decision.resetAfterMillis()), decision.resetAfterMillis())
                : decision).toList());
        return new Outcome.LoginChecked(spent, decided.enforced());
    }

    /**
     * The user name is whatever the client sent: it is hashed, so a key has a bounded length and no odd bytes,
     * and a password typed into the name field is not stored as it was typed. Never the password or the header.
     */
    public static List<String> keys(String user, String client) {
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
