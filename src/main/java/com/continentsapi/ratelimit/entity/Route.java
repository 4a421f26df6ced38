package com.continentsapi.ratelimit.entity;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Requests whose method and path match cost {@code cost} units and are also counted by {@code policies}.
 * A path pattern is a glob: {@code *} stands for one path segment or part of it, {@code **} for any rest.
 * No methods means every method. A route matches what JAX-RS serves with the matched method, not the request's
 * spelling: a path with one trailing slash is the path without it, and HEAD runs the GET method. The limiter
 * decides in a servlet filter, before (and without) JAX-RS's matching, so it follows the same two rules.
 */
public record Route(String name, Pattern path, Set<String> methods, long cost, List<Policy> policies) {

    public Route {
        if (cost < 0) {
            throw new IllegalArgumentException("Route '" + name + "' has a negative cost: " + cost);
        }
        methods = Set.copyOf(methods);
        policies = List.copyOf(policies);
    }

    public static Pattern glob(String glob) {
        if (!glob.startsWith("/")) {
            throw new IllegalArgumentException("A route path must start with '/': " + glob);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : served(glob).split("(?=\\*)|(?<=\\*)")) {
            regex.append(part.equals("*") ? "[^/]*" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString().replace("[^/]*[^/]*", ".*"));
    }

    public boolean matches(String method, String requestPath) {
        return (methods.isEmpty() || methods.contains(method) || method.equals("HEAD") && methods.contains("GET"))
                && path.matcher(served(requestPath)).matches();
    }

    private static String served(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
