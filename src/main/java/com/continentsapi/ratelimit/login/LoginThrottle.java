package com.continentsapi.ratelimit.login;

import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import com.continentsapi.ratelimit.entity.Verdict;
import com.continentsapi.ratelimit.redis.LuaScript;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Throttles password guessing: failed logins are counted per user name and client, per client and per user
 * name, in fixed windows, and a login is refused (429) once one of the three is spent, before its password hash
 * is checked, which is what costs (PBKDF2). Only failures count; a correct password neither counts nor resets
 * anything. The windows expire, so nobody is locked out for good.
 * <p>
 * A check takes its failure in the EVALSHA that checks the counters, and a right password gives it back: a look
 * followed by a count after PBKDF2 would let every guess that arrives before the first count see a full quota.
 */
public final class LoginThrottle {

    /**
     * One hash tag for every login counter: a check touches a user name's and a client's counters in one
     * EVALSHA, and on a Redis Cluster those must share a slot.
     */
    static final String PREFIX = "rl:login:{login}:";

    private static final LuaScript GIVE_BACK = new LuaScript("ratelimit/fixed-window-give-back.lua");

    /** One failure more on each counter: what a check takes, and what a failure counts when its check took none. */
    public final Applied failure;

    public LoginThrottle(LoginLimits limits) {
        failure = new Applied(List.of(new Policy("login", limits.limit(), limits.windowSeconds()),
                new Policy("login-client", limits.clientLimit(), limits.windowSeconds()),
                new Policy("login-user", limits.userLimit(), limits.windowSeconds())), 1);
    }

    /** A check's outcome: a decision is the throttle's, answered as abnormal usage when it blocks. */
    public static Outcome checked(Outcome outcome) {
        return outcome instanceof Outcome.Decided decided
                ? new Outcome.LoginChecked(decided.verdict(), decided.enforced(), decided.local()) : outcome;
    }

    /** Whether this check took a failure (from Redis, or from this instance in fail mode local): it was allowed. */
    public static boolean took(Outcome check) {
        return check instanceof Outcome.LoginChecked checked && !checked.verdict().limited();
    }

    /** Gives the failure a check took back to each counter that is still in the window that took it. */
    public static void giveBack(UnifiedJedis redis, List<String> keys, Verdict taken) {
        GIVE_BACK.run(redis, keys, taken.decisions().stream().map(decision -> Long.toString(decision.resetAfterMillis())).toList());
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
