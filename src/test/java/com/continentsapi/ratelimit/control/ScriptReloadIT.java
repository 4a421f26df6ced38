package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.continentsapi.ratelimit.control.AlgorithmContractIT.Subject;
import com.continentsapi.ratelimit.entity.Policy;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redis forgets its scripts (SCRIPT FLUSH, a restart): the next decision loads the script again. Apart from
 * AlgorithmContractIT, whose cases run side by side: a flush would pull the script from under them.
 */
class ScriptReloadIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.continentsapi.ratelimit.control.AlgorithmContractIT#redisSubjects")
    void runsAgainAfterRedisForgetsTheScript(Subject subject) {
        String key = "rl:{reload-" + UUID.randomUUID() + "}:a";
        UnifiedJedis redis = ((AlgorithmContractIT.RedisUnderTest) subject.store()).client().get();
        Policy policy = AlgorithmContractIT.policy(subject.algorithm(), 5, AlgorithmContractIT.HOUR);
        AlgorithmContractIT.decide(subject, key, policy, 1);
        redis.scriptFlush(key);
        assertEquals(3, AlgorithmContractIT.decide(subject, key, policy, 1).remaining());
    }
}
