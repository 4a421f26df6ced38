package com.continentsapi.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.configuration.ConfiguredSettings;
import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Rules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesConfigTest {

    /** On top of the defaults in microprofile-config.properties, as an operator sets them. */
    final Map<String, String> settings = new HashMap<>();

    Rules read() {
        return RateLimitSettings.read(ConfiguredSettings.of(RateLimitSettings.PREFIX, settings)).rules();
    }

    String refusal() {
        return assertThrows(IllegalStateException.class, this::read).getMessage();
    }

    @Test
    void theFoundationsSettingsStayTheDefaultPolicy() {
        Rules rules = read();
        assertEquals(List.of(new Policy("default", 5, 60)), rules.defaults());
        assertEquals(new Rules.Applied(List.of(new Policy("default", 5, 60)), 1), rules.apply(null, "GET", "/continents"));
    }

    @Test
    void namedPoliciesPlansAndRoutesAreRead() {
        settings.putAll(Map.of(
                "ratelimit.policies", "minute, day",
                "ratelimit.policy.minute.algorithm", "gcra",
                "ratelimit.policy.minute.limit", "10",
                "ratelimit.policy.minute.window", "60",
                "ratelimit.policy.minute.burst", "3",
                "ratelimit.policy.day.limit", "1000",
                "ratelimit.policy.day.window", "86400",
                "ratelimit.default-policies", "minute,day",
                "ratelimit.plans", "pro",
                "ratelimit.plan.pro.policies", "day"));
        settings.putAll(Map.of(
                "ratelimit.routes", "one",
                "ratelimit.route.one.path", "/continents/*",
                "ratelimit.route.one.methods", "get,head",
                "ratelimit.route.one.cost", "2",
                "ratelimit.route.one.policies", "default"));
        Rules rules = read();
        Policy minute = new Policy("minute", Algorithm.GCRA, 10, 60, 3);
        Policy day = new Policy("day", Algorithm.FIXED_WINDOW, 1000, 86400, 1000);
        Policy fallback = new Policy("default", 5, 60);
        assertEquals(new Rules.Applied(List.of(minute, day), 1), rules.apply(null, "GET", "/continents"));
        assertEquals(new Rules.Applied(List.of(minute, day), 1), rules.apply("unknown-plan", "GET", "/"));
        assertEquals(new Rules.Applied(List.of(day), 1), rules.apply("pro", "GET", "/continents"));
        assertEquals(new Rules.Applied(List.of(day, fallback), 2), rules.apply("pro", "GET", "/continents/3"));
        assertEquals(new Rules.Applied(List.of(day), 1), rules.apply("pro", "POST", "/continents/3"));
        assertEquals(new Rules.Applied(List.of(day), 1), rules.apply("pro", "GET", "/continents/3/more"));
        assertEquals("\"minute\";q=10;w=60, \"day\";q=1000;w=86400", rules.apply(null, "GET", "/").policyField());
    }

    /** Jersey serves GET /continents/3/ as GET /continents/3, and a HEAD by the GET method without its body. */
    @Test
    void aRouteMatchesWhatJaxRsServesATrailingSlashAndHeadForGet() {
        settings.putAll(Map.of("ratelimit.routes", "one", "ratelimit.route.one.path", "/continents/*",
                "ratelimit.route.one.methods", "GET", "ratelimit.route.one.cost", "2"));
        Rules rules = read();
        assertEquals(2, rules.apply(null, "GET", "/continents/3/").cost());
        assertEquals(2, rules.apply(null, "HEAD", "/continents/3").cost());
        assertEquals(2, rules.apply(null, "HEAD", "/continents/3/").cost());
        assertEquals(1, rules.apply(null, "POST", "/continents/3/").cost());
        assertEquals(1, rules.apply(null, "GET", "/continents/").cost(), "one segment, which here is empty, is not a continent");
    }

    @Test
    void aTypoInAKeyStopsTheApp() {
        settings.put("ratelimit.limt", "10");
        assertTrue(refusal().contains("ratelimit.limt is not a setting of this app; did you mean ratelimit.limit?"), refusal());
    }

    @Test
    void aTypoInAnEnvironmentVariableStopsTheApp() {
        settings.put("RATELIMIT_WINDOWS", "10");
        assertTrue(refusal().contains("RATELIMIT_WINDOWS is not a setting of this app; did you mean RATELIMIT_WINDOW?"), refusal());
        settings.remove("RATELIMIT_WINDOWS");
        settings.put("RATELIMIT_WINDOW", "30");
        read();
    }

    @Test
    void settingsOfAnUnlistedPolicyStopTheApp() {
        settings.put("ratelimit.policy.hour.limit", "10");
        assertTrue(refusal().contains("ratelimit.policy.hour.limit"), refusal());
    }

    @Test
    void aPolicyItsAlgorithmCannotComputeStopsTheAppNamingTheBound() {
        settings.putAll(Map.of("ratelimit.algorithm", "gcra", "ratelimit.limit", "1000000000000", "ratelimit.window", "60"));
        assertTrue(refusal().contains("ratelimit.limit (RATELIMIT_LIMIT) limit must be at most window × 1000 for gcra"), refusal());
        settings.putAll(Map.of("ratelimit.policies", "daily", "ratelimit.policy.daily.algorithm", "sliding-window",
                "ratelimit.policy.daily.limit", "1000000000000", "ratelimit.policy.daily.window", "86400",
                "ratelimit.limit", "5", "ratelimit.algorithm", "fixed-window"));
        assertTrue(refusal().contains("ratelimit.policy.daily.limit (RATELIMIT_POLICY_DAILY_LIMIT) limit × window must be at most 2251799813685 for sliding-window"), refusal());
        settings.putAll(Map.of("ratelimit.policy.daily.algorithm", "token-bucket", "ratelimit.policy.daily.limit", "1000",
                "ratelimit.policy.daily.burst", "1000000000000"));
        assertTrue(refusal().contains("ratelimit.policy.daily.burst (RATELIMIT_POLICY_DAILY_BURST) burst × window must be at most 2251799813685 for token-bucket"), refusal());
    }

    @Test
    void anUnknownAlgorithmStopsTheApp() {
        settings.put("ratelimit.algorithm", "leaky");
        assertTrue(refusal().contains("Unknown rate limit algorithm 'leaky'"), refusal());
    }

    @Test
    void aReferenceToAnUndefinedPolicyStopsTheApp() {
        settings.put("ratelimit.default-policies", "default,hour");
        assertTrue(refusal().contains("names 'hour', which is not a policy"), refusal());
    }

    @Test
    void missingOrMalformedNumbersStopTheApp() {
        settings.put("ratelimit.policies", "hour");
        assertTrue(refusal().contains("ratelimit.policy.hour.limit (RATELIMIT_POLICY_HOUR_LIMIT) is missing"), refusal());
        settings.put("ratelimit.policy.hour.limit", "ten");
        assertTrue(refusal().contains("must be a whole number"), refusal());
        settings.put("ratelimit.policy.hour.limit", "0");
        settings.put("ratelimit.policy.hour.window", "3600");
        assertTrue(refusal().contains("at least 1"), refusal());
    }

    @Test
    void aRouteCostingMoreThanAPolicyEverAllowsStopsTheApp() {
        settings.putAll(Map.of("ratelimit.routes", "bulk", "ratelimit.route.bulk.path", "/**", "ratelimit.route.bulk.cost", "6"));
        assertTrue(refusal().contains("ratelimit.route.bulk.cost (RATELIMIT_ROUTE_BULK_COST) is 6, more than policy 'default' ever allows at once (5)"), refusal());
    }

    @Test
    void aRouteNeedsAPathAndAPlanItsPolicies() {
        settings.put("ratelimit.routes", "search");
        assertTrue(refusal().contains("ratelimit.route.search.path (RATELIMIT_ROUTE_SEARCH_PATH) is missing"), refusal());
        settings.put("ratelimit.route.search.path", "continents");
        assertTrue(refusal().contains("must start with '/'"), refusal());
        settings.remove("ratelimit.routes");
        settings.remove("ratelimit.route.search.path");
        settings.put("ratelimit.plans", "pro");
        assertTrue(refusal().contains("ratelimit.plan.pro.policies (RATELIMIT_PLAN_PRO_POLICIES) is missing"), refusal());
    }

    @Test
    void aPlanWhosePoliciesAreUnlimitedIsNotLimitedAndOthersStillAre() {
        settings.putAll(Map.of("RATELIMIT_PLANS", "internal,pro", "RATELIMIT_PLAN_INTERNAL_POLICIES", "unlimited",
                "RATELIMIT_PLAN_PRO_POLICIES", "default"));
        Rules rules = read();
        assertTrue(rules.unlimited("internal"));
        assertFalse(rules.unlimited("pro"));
        assertFalse(rules.unlimited(null));
        assertFalse(rules.unlimited("unlisted"));
        assertEquals(List.of("default"), rules.all().stream().map(Policy::name).toList(), "unlimited is no policy");
    }

    @Test
    void unlimitedStandsAloneIsNoPolicyNameAndNeverAppliesToCallersWithoutCredentials() {
        settings.putAll(Map.of("ratelimit.plans", "internal", "ratelimit.plan.internal.policies", "unlimited,default"));
        assertTrue(refusal().contains("ratelimit.plan.internal.policies (RATELIMIT_PLAN_INTERNAL_POLICIES) lists 'unlimited' with other policies"), refusal());
        settings.clear();
        settings.putAll(Map.of("ratelimit.plans", "anonymous", "ratelimit.plan.anonymous.policies", "unlimited"));
        assertTrue(refusal().contains("callers without credentials are always limited"), refusal());
        settings.clear();
        settings.putAll(Map.of("ratelimit.policies", "unlimited", "ratelimit.policy.unlimited.limit", "1", "ratelimit.policy.unlimited.window", "1"));
        assertTrue(refusal().contains("lists 'unlimited', which is reserved"), refusal());
        settings.clear();
        settings.put("ratelimit.default-policies", "unlimited");
        assertTrue(refusal().contains("names 'unlimited', which is not a policy"), refusal());
    }

    @Test
    void theNearLimitThresholdIsAFractionOfTheLimit() {
        assertEquals(0.2, RateLimitSettings.read(ConfiguredSettings.of(RateLimitSettings.PREFIX, settings)).nearLimit());
        settings.put("RATELIMIT_NEAR_LIMIT", "0.05");
        assertEquals(0.05, RateLimitSettings.read(ConfiguredSettings.of(RateLimitSettings.PREFIX, settings)).nearLimit());
        settings.put("RATELIMIT_NEAR_LIMIT", "20%");
        assertTrue(refusal().contains("ratelimit.near-limit (RATELIMIT_NEAR_LIMIT) must be a decimal from 0 to 1, got '20%'"), refusal());
        settings.put("RATELIMIT_NEAR_LIMIT", "1.5");
        assertTrue(refusal().contains("must be from 0 to 1, got 1.5"), refusal());
    }
}
