package com.continentsapi.ratelimit.control;

import com.continentsapi.configuration.Settings;
import com.continentsapi.ratelimit.entity.Algorithm;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Route;
import com.continentsapi.ratelimit.entity.Rules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the rules: the policy {@code default} from the top-level keys, and the policies, plans and routes that
 * are listed, each with keys of its own. Only the keys of listed names are known, so a setting of a policy that is
 * not listed stops the deployment like any typo.
 * <pre>
 * ratelimit.limit, ratelimit.window, ratelimit.algorithm, ratelimit.burst   the policy "default"
 * ratelimit.policies=minute,day            ratelimit.policy.minute.algorithm|limit|window|burst
 * ratelimit.default-policies=minute,day    what counts callers without a listed plan
 * ratelimit.plans=pro,internal             ratelimit.plan.pro.policies=...   ratelimit.plan.internal.policies=unlimited
 * ratelimit.routes=search                  ratelimit.route.search.path|methods|cost|policies
 * </pre>
 */
final class RulesConfig {

    private static final List<String> POLICY_KEYS = List.of("algorithm", "limit", "window", "burst");
    private static final List<String> PLAN_KEYS = List.of("policies");
    private static final List<String> ROUTE_KEYS = List.of("path", "methods", "cost", "policies");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Settings settings;
    private final Set<String> known;

    private RulesConfig(Settings settings, List<String> fixedKeys) {
        this.settings = settings;
        this.known = new HashSet<>(fixedKeys);
    }

    /** The rules; every other name under the prefix must be one of {@code fixedKeys}. */
    static Rules read(Settings settings, List<String> fixedKeys) {
        return new RulesConfig(settings, fixedKeys).read();
    }

    private Rules read() {
        Map<String, Policy> policies = new LinkedHashMap<>();
        policies.put("default", policy("default", ""));
        for (String name : names("policies")) {
            if (name.equals(Rules.UNLIMITED)) {
                throw settings.invalid("policies", "lists '" + Rules.UNLIMITED + "', which is reserved: a plan whose policies are '"
                        + Rules.UNLIMITED + "' is not limited at all");
            }
            if (policies.put(name, policy(name, "policy." + name + ".")) != null) {
                throw settings.invalid("policies", "lists '" + name + "' twice (\"default\" is always defined)");
            }
            POLICY_KEYS.forEach(key -> known.add("policy." + name + "." + key));
        }
        List<Policy> defaults = policies(policies, "default-policies");
        Map<String, List<Policy>> plans = new LinkedHashMap<>();
        Set<String> unlimited = new HashSet<>();
        for (String plan : names("plans")) {
            if (unlimited(plan)) {
                unlimited.add(plan);
            } else {
                plans.put(plan, policies(policies, "plan." + plan + ".policies"));
            }
            PLAN_KEYS.forEach(key -> known.add("plan." + plan + "." + key));
        }
        List<Route> routes = new ArrayList<>();
        for (String route : names("routes")) {
            routes.add(route(route, policies));
            ROUTE_KEYS.forEach(key -> known.add("route." + route + "." + key));
        }
        for (Route route : routes) {
            policies.values().stream().filter(policy -> policy.capacity() < route.cost()).findFirst().ifPresent(policy -> {
                throw settings.invalid("route." + route.name() + ".cost", "is " + route.cost() + ", more than policy '"
                        + policy.name() + "' ever allows at once (" + policy.capacity() + "): such requests could never pass");
            });
        }
        settings.refuseUnknown(known);
        return new Rules(policies, defaults, plans, routes, unlimited);
    }

    /**
     * A plan of internal clients (health probes, other services), which authenticate but are never limited. A caller
     * without credentials never is: the plan of those limited by address cannot be unlimited.
     */
    private boolean unlimited(String plan) {
        String key = "plan." + plan + ".policies";
        List<String> names = names(key);
        if (!names.contains(Rules.UNLIMITED)) {
            return false;
        }
        if (names.size() > 1) {
            throw settings.invalid(key, "lists '" + Rules.UNLIMITED + "' with other policies: a plan is either unlimited or limited by its policies");
        }
        if (plan.equals(RateLimiter.ANONYMOUS_PLAN)) {
            throw settings.invalid(key, "is '" + Rules.UNLIMITED + "', but callers without credentials are always limited");
        }
        return true;
    }

    /** A named policy's algorithm is a fixed window unless it says otherwise; {@code default}'s has a default of its own. */
    private Policy policy(String name, String prefix) {
        Algorithm algorithm;
        try {
            algorithm = Algorithm.named(settings.optional(prefix + "algorithm").orElse(Algorithm.FIXED_WINDOW.id()));
        } catch (IllegalArgumentException e) {
            throw settings.invalid(prefix + "algorithm", e.getMessage());
        }
        long limit = settings.number(prefix + "limit");
        long burst = settings.optional(prefix + "burst").isPresent() ? settings.number(prefix + "burst") : limit;
        try {
            return new Policy(name, algorithm, limit, settings.number(prefix + "window"), burst).withinBounds();
        } catch (IllegalArgumentException e) {
            String field = Stream.of("window", "burst").filter(e.getMessage()::startsWith).findFirst().orElse("limit");
            throw settings.invalid(prefix + field, e.getMessage());
        }
    }

    private Route route(String name, Map<String, Policy> policies) {
        String prefix = "route." + name + ".";
        Set<String> methods = new HashSet<>();
        settings.list(prefix + "methods").forEach(method -> methods.add(method.toUpperCase(Locale.ROOT)));
        long cost = settings.optional(prefix + "cost").isPresent() ? settings.number(prefix + "cost") : Rules.DEFAULT_COST;
        List<Policy> added = settings.optional(prefix + "policies").isPresent() ? policies(policies, prefix + "policies") : List.of();
        try {
            return new Route(name, Route.glob(settings.text(prefix + "path")), methods, cost, added);
        } catch (IllegalArgumentException e) {
            throw settings.invalid(prefix + "path", e.getMessage());
        }
    }

    private List<Policy> policies(Map<String, Policy> defined, String key) {
        List<String> names = names(key);
        if (names.isEmpty()) {
            throw settings.invalid(key, "is missing");
        }
        return names.stream().map(name -> Optional.ofNullable(defined.get(name)).orElseThrow(() ->
                settings.invalid(key, "names '" + name + "', which is not a policy; defined: " + defined.keySet()))).toList();
    }

    private List<String> names(String key) {
        List<String> names = settings.list(key);
        names.stream().filter(name -> !NAME.matcher(name).matches()).findFirst().ifPresent(name -> {
            throw settings.invalid(key, "'" + name + "' is not a name (1-32 of a-z, 0-9, '-', '_', starting with a letter)");
        });
        return names;
    }
}
