package com.continentsapi.ratelimit.overrides;

import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.PolicyOverride;
import com.continentsapi.ratelimit.entity.Rules.Applied;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Every user's overrides, held by each instance in memory: a decision puts them into the arguments of the one
 * script call it makes anyway, so they cost no round trip, and Redis losing its data cannot lose them. The
 * database is their record; {@link LimitChanges} keeps this copy in step with it.
 */
@ApplicationScoped
public class Overrides {

    private static final Logger LOG = Logger.getLogger(Overrides.class.getName());

    private final Map<String, Map<String, PolicyOverride>> byUser = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** Wall time, as the expiry in the database is. */
    LongSupplier epochMillis = System::currentTimeMillis;

    /**
     * Told the user whose override just expired, before the decision that found it expired: denials cached under
     * it must not outlive it.
     */
    private volatile Consumer<String> expired = user -> { };

    public void whenExpired(Consumer<String> expired) {
        this.expired = expired;
    }

    /** The request's policies with this user's overrides in force put in place of the policies they override. */
    public Applied applyTo(String user, Applied applied) {
        Map<String, PolicyOverride> overrides = byUser.get(user);
        if (overrides == null) {
            return applied;
        }
        long now = epochMillis.getAsLong();
        boolean changed = false;
        Policy[] policies = applied.policies().toArray(Policy[]::new);
        for (int i = 0; i < policies.length; i++) {
            PolicyOverride override = overrides.get(policies[i].name());
            if (override == null) {
                continue;
            }
            if (override.activeAt(now)) {
                Policy overridden = override.applyTo(policies[i]);
                if (overridden.outOfBounds().isEmpty()) {
                    policies[i] = overridden;
                    changed = true;
                } else {
                    reportOnce(user, overridden);
                }
            } else if (dropExpired(user, overrides, now)) {
                expired.accept(user);
            }
        }
        return changed ? new Applied(List.of(policies), applied.cost()) : applied;
    }

    /** An override its policy's algorithm cannot compute would fail every decision of the user: the policy's own limit counts instead. */
    private void reportOnce(String user, Policy overridden) {
        if (reported.add(user + '\n' + overridden)) {
            LOG.warning(() -> "The override of policy '" + overridden.name() + "' for user '" + user + "' is not applied, the policy's own limit counts: "
                    + overridden.outOfBounds().orElseThrow() + ". Set it again within the bounds, or remove it.");
        }
    }

    /** Only if nobody replaced them meanwhile: a change read from the database is newer. */
    private boolean dropExpired(String user, Map<String, PolicyOverride> overrides, long now) {
        Map<String, PolicyOverride> active = overrides.values().stream().filter(override -> override.activeAt(now))
                .collect(Collectors.toUnmodifiableMap(PolicyOverride::policy, Function.identity()));
        return active.isEmpty() ? byUser.remove(user, overrides) : byUser.replace(user, overrides, active);
    }

    /** This user's overrides in force, by policy. */
    public Map<String, PolicyOverride> of(String user) {
        long now = epochMillis.getAsLong();
        return byUser.getOrDefault(user, Map.of()).values().stream()
                .filter(override -> override.activeAt(now))
                .collect(Collectors.toMap(PolicyOverride::policy, Function.identity()));
    }

    public void replace(String user, Collection<PolicyOverride> overrides) {
        if (overrides.isEmpty()) {
            byUser.remove(user);
        } else {
            byUser.put(user, overrides.stream().collect(Collectors.toUnmodifiableMap(PolicyOverride::policy, Function.identity())));
        }
    }

    /** Everybody's, as read at once: users missing from {@code all} have none any more. Returns whose differ from before. */
    public Set<String> replaceAll(Map<String, List<PolicyOverride>> all) {
        Set<String> changed = new HashSet<>();
        for (String user : byUser.keySet()) {
            if (!all.containsKey(user) && byUser.remove(user) != null) {
                changed.add(user);
            }
        }
        all.forEach((user, overrides) -> {
            Map<String, PolicyOverride> before = byUser.get(user);
            replace(user, overrides);
            if (!Objects.equals(before, byUser.get(user))) {
                changed.add(user);
            }
        });
        return changed;
    }
}
