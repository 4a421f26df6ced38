package com.continentsapi.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A ceiling on the password checks running at once on this instance ({@code auth.password-checks.concurrent}).
 * A check is PBKDF2, costly by design, and the failed-login throttle bounds guesses per user name and client,
 * not per instance: many names or many clients would otherwise keep every request thread hashing. A check
 * over the ceiling waits its turn for {@code auth.password-checks.wait-ms}, then is refused with {@link Busy}.
 */
@ApplicationScoped
public class PasswordChecks {

    static final long RETRY_AFTER_SECONDS = 1;
    static final String BUSY = "This instance is checking as many passwords as it can at once. Try again in a second.";

    @Inject
    AuthSettings settings;

    private Semaphore turns;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    @PostConstruct
    void init() {
        // Fair: a login that waits is served before one that came later, so none waits out its time behind newcomers.
        turns = new Semaphore(settings.passwordChecks(), true);
    }

    /** The store's answer, once a turn is free; {@link Busy} when none came within the wait. */
    public CredentialValidationResult check(UsernamePasswordCredential credential,
                                            Function<UsernamePasswordCredential, CredentialValidationResult> store) {
        boolean turn;
        try {
            turn = turns.tryAcquire(settings.passwordCheckWaitMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            refused.increment();
            throw new Busy();
        }
        try {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            return store.apply(credential);
        } finally {
            running.decrementAndGet();
            turns.release();
        }
    }

    public int ceiling() {
        return settings.passwordChecks();
    }

    /** The most checks that ran at once since the start. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    public long refused() {
        return refused.sum();
    }

    /** No turn came within the wait: the instance is busy checking passwords, and the caller may try again soon. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("Too many password checks at once", null, false, false);
        }
    }
}
