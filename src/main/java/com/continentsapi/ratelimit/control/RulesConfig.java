package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Route;
import com.continentsapi.ratelimit.entity.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the rules from MicroProfile Config. Everything under {@code ratelimit.} (or {@code RATELIMIT_} in the
 * environment) must be a key this class knows, of a policy, plan or route that is listed: a typo stops the
 * deployment with a message naming it, instead of silently leaving the default in force.
 * <pre>
 * ratelimit.limit, ratelimit.window, ratelimit.algorithm, ratelimit.burst   the policy "default"
 * ratelimit.policies=minute,day            ratelimit.policy.minute.algorithm|limit|window|burst
 * ratelimit.default-policies=minute,day    what counts callers without a listed plan (default: default)
 * ratelimit.plans=pro                      ratelimit.plan.pro.policies=...
 * ratelimit.routes=search                  ratelimit.route.search.path|methods|cost|policies
 * </pre>
 */
public final class RulesConfig {

    /** Settings read elsewhere; listed here so that they are not mistaken for typos. */
    static final Set<String> OTHER_KEYS = Set.of("enabled", "mode", "fail-mode", "legacy-headers", "anonymous",
            "trusted-proxies", "breaker.failures", "breaker.cool-down-ms", "denial-cache.size", "login.enabled", "login.limit",
            "login.client-limit", "login.user-limit", "login.window");
    private static final Set<String> TOP_KEYS = Set.of("limit", "window", "algorithm", "burst", "policies",
            "default-policies", "plans", "routes");
    private static final List<String> POLICY_KEYS = List.of("algorithm", "limit", "window", "burst");
    private static final List<String> PLAN_KEYS = List.of("policies");
    private static final List<String> ROUTE_KEYS = List.of("path", "methods", "cost", "policies");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Function<String, Optional<String>> values;

    private RulesConfig(Function<String, Optional<String>> values) {
        this.values = values;
    }

    /**
     * @param values a setting by its dotted name (MicroProfile Config also finds it in the environment)
     * @param names  every setting name the configuration sources know, dotted or as environment variables
     */
    public static Rules read(Function<String, Optional<String>> values, Iterable<String> names) {
        return new RulesConfig(values).read(names);
    }

    private Rules read(Iterable<String> names) {
        Map<String, Policy> policies = new LinkedHashMap<>();
        policies.put("default", policy("default", "ratelimit."));
        for (String name : list("ratelimit.policies")) {
            if (policies.put(name, policy(name, "ratelimit.policy." + name + ".")) != null) {
                throw invalid("ratelimit.policies lists '" + name + "' twice (\"default\" is always defined)");
            }
        }
        List<Policy> defaults = policies(policies, "ratelimit.default-policies", List.of(policies.get("default")));
        Map<String, List<Policy>> plans = new LinkedHashMap<>();
        for (String plan : list("ratelimit.plans")) {
            plans.put(plan, policies(policies, "ratelimit.plan." + plan + ".policies", null));
        }
        List<Route> routes = new ArrayList<>();
        for (String route : list("ratelimit.routes")) {
            String prefix = "ratelimit.route." + route + ".";
            String path = value(prefix + "path").orElseThrow(() -> invalid(prefix + "path is missing"));
            Set<String> methods = new HashSet<>();
            list(prefix + "methods").forEach(method -> methods.add(method.toUpperCase(Locale.ROOT)));
            try {
                routes.add(new Route(route, Route.glob(path), methods, number(prefix + "cost", Rules.DEFAULT_COST),
                        policies(policies, prefix + "policies", List.of())));
            } catch (IllegalArgumentException e) {
                throw invalid(prefix + "*: " + e.getMessage());
            }
        }
        for (Route route : routes) {
            policies.values().stream().filter(policy -> policy.capacity() < route.cost()).findFirst().ifPresent(policy -> {
                throw invalid("ratelimit.route." + route.name() + ".cost is " + route.cost() + ", more than policy '"
                        + policy.name() + "' ever allows at once (" + policy.capacity() + "): such requests could never pass");
            });
        }
        refuseUnknown(names, known(policies.keySet(), plans.keySet(), routes.stream().map(Route::name).toList()));
        return new Rules(policies, defaults, plans, routes);
    }

    private Policy policy(String name, String prefix) {
        Algorithm algorithm;
        try {
            algorithm = Algorithm.named(value(prefix + "algorithm").orElse(Algorithm.FIXED_WINDOW.id()));
        } catch (IllegalArgumentException e) {
            throw invalid(prefix + "algorithm: " + e.getMessage());
        }
        long limit = number(prefix + "limit", null);
        try {
            return new Policy(name, algorithm, limit, number(prefix + "window", null), number(prefix + "burst", limit));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private List<Policy> policies(Map<String, Policy> defined, String key, List<Policy> otherwise) {
        List<String> names = list(key);
        if (names.isEmpty()) {
            if (otherwise == null) {
                throw invalid(key + " is missing");
            }
            return otherwise;
        }
        return names.stream().map(name -> Optional.ofNullable(defined.get(name)).orElseThrow(() ->
                invalid(key + " names '" + name + "', which is not a policy; defined: " + defined.keySet()))).toList();
    }

    private List<String> list(String key) {
        List<String> names = value(key).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList();
        names.stream().filter(name -> !key.endsWith("methods") && !NAME.matcher(name).matches()).findFirst().ifPresent(name -> {
            throw invalid(key + ": '" + name + "' is not a name (1-32 of a-z, 0-9, '-', '_', starting with a letter)");
        });
        return names;
    }

    private long number(String key, Long otherwise) {
        Optional<String> value = value(key);
        if (value.isEmpty()) {
            if (otherwise == null) {
                throw invalid(key + " is missing");
            }
            return otherwise;
        }
        try {
            return Long.parseLong(value.get().strip());
        } catch (NumberFormatException e) {
            throw invalid(key + " must be a whole number, got '" + value.get() + "'");
        }
    }

    private Optional<String> value(String key) {
        return values.apply(key).filter(value -> !value.isBlank());
    }

    private static Set<String> known(Set<String> policies, Set<String> plans, List<String> routes) {
        Set<String> keys = new HashSet<>();
        TOP_KEYS.forEach(key -> keys.add("ratelimit." + key));
        OTHER_KEYS.forEach(key -> keys.add("ratelimit." + key));
        policies.forEach(name -> POLICY_KEYS.forEach(key -> keys.add("ratelimit.policy." + name + "." + key)));
        plans.forEach(name -> PLAN_KEYS.forEach(key -> keys.add("ratelimit.plan." + name + "." + key)));
        routes.forEach(name -> ROUTE_KEYS.forEach(key -> keys.add("ratelimit.route." + name + "." + key)));
        return keys;
    }

    private static void refuseUnknown(Iterable<String> names, Set<String> known) {
        Set<String> environmentNames = new HashSet<>();
        known.forEach(key -> environmentNames.add(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT)));
        for (String name : names) {
            boolean unknown = name.startsWith("ratelimit.") ? !known.contains(name)
                    : name.startsWith("RATELIMIT_") && !environmentNames.contains(name);
            if (unknown) {
                throw invalid(name + " is not a rate limit setting (a typo, or a policy, plan or route that is not listed"
                        + " in ratelimit.policies, ratelimit.plans or ratelimit.routes)");
            }
        }
    }

    private static IllegalStateException invalid(String message) {
        return new IllegalStateException("Rate limit configuration: " + message);
    }
}
