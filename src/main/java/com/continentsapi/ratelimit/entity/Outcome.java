package com.continentsapi.ratelimit.entity;

import com.continentsapi.ratelimit.entity.Rules.Applied;

/** What the limiter says about one request. */
public sealed interface Outcome {

    /** Rate limiting is switched off: nothing to say. */
    record Unlimited() implements Outcome {
    }

    /** Redis (or the local denial cache) decided; {@code enforced} is false in shadow mode. */
    record Decided(Applied applied, Verdict verdict, boolean enforced) implements Outcome {

        public boolean blocks() {
            return enforced && verdict.limited();
        }
    }

    /** Redis could not decide: the request passes (fail open) or is refused for {@code retryAfterSeconds} (fail closed). */
    record Undecided(Applied applied, boolean failClosed, long retryAfterSeconds) implements Outcome {
    }
}
