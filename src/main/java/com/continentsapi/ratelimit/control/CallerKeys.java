package com.continentsapi.ratelimit.control;

import com.continentsapi.ratelimit.entity.Policy;
import java.util.List;

/** The Redis keys of a caller's counters, one per policy. */
final class CallerKeys {

    private CallerKeys() {
    }

    /**
     * A caller's counters: named after the authenticated name, never the credentials. The braces are a Redis
     * Cluster hash tag, so all of a caller's counters live in one slot and one script may touch them together.
     * A '}' in the name would end the tag early (a name starting with one would even leave it empty, and the keys
     * would spread over slots), so it is written %7D, and '%' itself %25: plain names read as they are.
     */
    static List<String> of(String caller, List<Policy> policies) {
        String tag = caller.indexOf('}') < 0 && caller.indexOf('%') < 0 ? caller : caller.replace("%", "%25").replace("}", "%7D");
        String prefix = "rl:{" + tag + "}:";
        String[] keys = new String[policies.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = prefix + policies.get(i).name();
        }
        return List.of(keys);
    }
}
