package com.continentsapi.ratelimit.redis;

import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The decision script failed inside Redis (a Lua error, or a command of the script refused): Redis answered, so
 * this is a bug for these arguments or keys, not an outage; the breaker does not count it.
 */
public final class ScriptError extends JedisDataException {

    ScriptError(JedisDataException cause) {
        super(cause.getMessage(), cause);
    }

    /** Redis names the script's own frame in such an error: "... on @user_script:26." (7.x), "@user_script:26: ..." (6.2). */
    static boolean raisedBy(JedisDataException e) {
        return e instanceof ScriptError || (e.getMessage() != null && e.getMessage().contains("user_script"));
    }
}
