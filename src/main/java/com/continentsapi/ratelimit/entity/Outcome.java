package com.continentsapi.ratelimit.entity;

import com.continentsapi.ratelimit.entity.Rules.Applied;
import java.util.Optional;

/** What the limiter says about one request. */
public sealed interface Outcome {

    /** The answer to send instead of serving the request, if it must not be served. */
    Optional<Refusal> refusal();

    /** Rate limiting is switched off, or the caller's plan is unlimited: nothing to say. */
    record Unlimited() implements Outcome {

        @Override
        public Optional<Refusal> refusal() {
            return Optional.empty();
        }
    }

    /**
     * Redis (or the local denial cache) decided; {@code enforced} is false in shadow mode; {@code local}: this
     * instance decided alone while Redis could not (fail mode local).
     */
    record Decided(Applied applied, Verdict verdict, boolean enforced, boolean local) implements Outcome {

        public Decided(Applied applied, Verdict verdict, boolean enforced) {
            this(applied, verdict, enforced, false);
        }

        public boolean blocks() {
            return enforced && verdict.limited();
        }

        @Override
        public Optional<Refusal> refusal() {
            return blocks() ? Optional.of(Refusal.quotaExceeded(verdict)) : Optional.empty();
        }
    }

    /**
     * The failed-login throttle decided, before the password is checked: a spent counter means password guessing,
     * answered as abnormal usage rather than as a spent quota. {@code enforced} is false in shadow mode;
     * {@code local}: this instance decided alone while Redis could not (fail mode local).
     */
    record LoginChecked(Verdict verdict, boolean enforced, boolean local) implements Outcome {

        public LoginChecked(Verdict verdict, boolean enforced) {
            this(verdict, enforced, false);
        }

        @Override
        public Optional<Refusal> refusal() {
            return enforced && verdict.limited() ? Optional.of(Refusal.abnormalUsage(verdict)) : Optional.empty();
        }
    }

    /** Redis could not decide: the request passes (fail open) or is refused for {@code retryAfterSeconds} (fail closed). */
    record Undecided(Applied applied, boolean failClosed, long retryAfterSeconds) implements Outcome {

        @Override
        public Optional<Refusal> refusal() {
            return failClosed ? Optional.of(Refusal.undecided(applied.policies(), retryAfterSeconds)) : Optional.empty();
        }
    }
}
