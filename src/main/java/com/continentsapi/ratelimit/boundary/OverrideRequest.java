package com.continentsapi.ratelimit.boundary;

import com.continentsapi.ratelimit.entity.PolicyOverride;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;

/**
 * The body of {@code PUT /admin/ratelimit/{user}/overrides/{policy}}: {@code {"limit": 1000, "window": 60,
 * "burst": 100, "ttl": 3600}}, limit required. Read by hand, not bound, so that each mistake gets a message
 * that names it (IllegalArgumentException: the resource answers 400), and a misspelt field is refused instead of ignored.
 */
final class OverrideRequest {

    private static final Set<String> FIELDS = Set.of("limit", "window", "burst", "ttl");

    private OverrideRequest() {
    }

    /** The override the body asks for, expiring {@code ttl} seconds after {@code nowEpochMillis} if it says so. */
    static PolicyOverride parse(String policy, String body, long nowEpochMillis) {
        JsonObject json = object(body);
        json.keySet().stream().filter(field -> !FIELDS.contains(field)).findFirst().ifPresent(field -> {
            throw new IllegalArgumentException("Unknown field '" + field + "'; an override has limit, and optionally window, burst and ttl.");
        });
        if (!json.containsKey("limit")) {
            throw new IllegalArgumentException("An override needs a limit.");
        }
        long limit = number(json, "limit", PolicyOverride.MAX_UNITS);
        Long window = json.containsKey("window") ? number(json, "window", PolicyOverride.MAX_SECONDS) : null;
        Long burst = json.containsKey("burst") ? number(json, "burst", PolicyOverride.MAX_UNITS) : null;
        Long expiresAt = json.containsKey("ttl") ? nowEpochMillis + 1000 * number(json, "ttl", PolicyOverride.MAX_SECONDS) : null;
        return new PolicyOverride(policy, limit, window, burst, expiresAt);
    }

    private static JsonObject object(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (JsonException | IllegalStateException notJson) {
            // answered below
        }
        throw new IllegalArgumentException("The body must be a JSON object such as {\"limit\": 1000}.");
    }

    private static long number(JsonObject json, String field, long max) {
        if (json.get(field) instanceof JsonNumber number && number.isIntegral()) {
            try {
                long value = number.longValueExact();
                if (value >= 1 && value <= max) {
                    return value;
                }
            } catch (ArithmeticException tooLarge) {
                // answered below
            }
        }
        throw new IllegalArgumentException("'" + field + "' must be a whole number from 1 to " + max
                + (field.equals("window") || field.equals("ttl") ? " (seconds)." : "."));
    }
}
