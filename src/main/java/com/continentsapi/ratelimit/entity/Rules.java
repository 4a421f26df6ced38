package com.continentsapi.ratelimit.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which policies count a request, and what it costs: the caller's plan gives its policies (callers without a
 * known plan get the default ones), and the first route that matches adds its own policies and sets the cost.
 */
public record Rules(Map<String, Policy> policies, List<Policy> defaults, Map<String, List<Policy>> plans, List<Route> routes) {

    public static final long DEFAULT_COST = 1;

    public Rules {
        policies = Map.copyOf(policies);
        defaults = List.copyOf(defaults);
        plans = Map.copyOf(plans);
        routes = List.copyOf(routes);
    }

    public Applied apply(String plan, String method, String path) {
        List<Policy> applied = plan == null ? defaults : plans.getOrDefault(plan, defaults);
        for (Route route : routes) {
            if (route.matches(method, path)) {
                if (route.policies().isEmpty()) {
                    return new Applied(applied, route.cost());
                }
                List<Policy> more = new ArrayList<>(applied);
                route.policies().stream().filter(policy -> !more.contains(policy)).forEach(more::add);
                return new Applied(List.copyOf(more), route.cost());
            }
        }
        return new Applied(applied, DEFAULT_COST);
    }

    /** Every policy that may count this caller, whatever the route: what an administrator looks at or resets. */
    public List<Policy> all() {
        return policies.values().stream().sorted(java.util.Comparator.comparing(Policy::name)).toList();
    }

    public record Applied(List<Policy> policies, long cost) {

        /** The IETF RateLimit-Policy field: every policy that counts this request. */
        public String policyField() {
            return policies.stream().map(Policy::header).collect(Collectors.joining(", "));
        }
    }
}
