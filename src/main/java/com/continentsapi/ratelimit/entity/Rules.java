package com.continentsapi.ratelimit.entity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which policies count a request, and what it costs: the caller's plan gives its policies (callers without a
 * known plan get the default ones), and the first route that matches adds its own policies and sets the cost.
 * Every combination of plan and route is worked out once, here, so a request only looks its answer up.
 */
public final class Rules {

    public static final long DEFAULT_COST = 1;
    /** What a plan lists instead of policies when its callers are not limited at all. */
    public static final String UNLIMITED = "unlimited";

    private final List<Policy> all;
    private final List<Policy> defaults;
    private final List<Route> routes;
    private final Set<String> unlimitedPlans;
    /** By plan (null: no listed plan), then by route index; the last entry is for requests no route matches. */
    private final Map<String, List<Applied>> applied = new HashMap<>();

    public Rules(Map<String, Policy> policies, List<Policy> defaults, Map<String, List<Policy>> plans, List<Route> routes,
                 Set<String> unlimitedPlans) {
        this.unlimitedPlans = Set.copyOf(unlimitedPlans);
        this.all = policies.values().stream().sorted(Comparator.comparing(Policy::name)).toList();
        this.defaults = List.copyOf(defaults);
        this.routes = List.copyOf(routes);
        applied.put(null, combinations(defaults));
        plans.forEach((plan, planPolicies) -> applied.put(plan, combinations(planPolicies)));
    }

    private List<Applied> combinations(List<Policy> planPolicies) {
        List<Applied> byRoute = new ArrayList<>();
        for (Route route : routes) {
            Set<Policy> counted = new LinkedHashSet<>(planPolicies);
            counted.addAll(route.policies());
            byRoute.add(new Applied(List.copyOf(counted), route.cost()));
        }
        byRoute.add(new Applied(planPolicies, DEFAULT_COST));
        return List.copyOf(byRoute);
    }

    public Applied apply(String plan, String method, String path) {
        List<Applied> byRoute = applied.getOrDefault(plan, applied.get(null));
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i).matches(method, path)) {
                return byRoute.get(i);
            }
        }
        return byRoute.getLast();
    }

    /** Whether callers of this plan are served without any limit, fields or Redis call. */
    public boolean unlimited(String plan) {
        return plan != null && unlimitedPlans.contains(plan);
    }

    public List<Policy> defaults() {
        return defaults;
    }

    /** Every policy that may count a caller, whatever the route: what an administrator looks at or resets. */
    public List<Policy> all() {
        return all;
    }

    /** The policies of one request, its cost, and its IETF RateLimit-Policy field (every policy that counts it). */
    public record Applied(List<Policy> policies, long cost, String policyField) {

        public Applied(List<Policy> policies, long cost) {
            this(List.copyOf(policies), cost, RateLimitFields.policy(policies));
        }
    }
}
