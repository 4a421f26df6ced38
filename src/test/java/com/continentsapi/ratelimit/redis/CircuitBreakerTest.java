package com.continentsapi.ratelimit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    final AtomicLong now = new AtomicLong(1_000);
    final CircuitBreaker breaker = new CircuitBreaker(3, 2_000, now::get);

    void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void opensAfterTheConfiguredFailuresInARow() {
        breaker.failed();
        breaker.failed();
        assertTrue(breaker.allowsCall());
        breaker.failed();
        assertFalse(breaker.allowsCall());
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(2_000, breaker.millisUntilTrial());
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        breaker.failed();
        breaker.failed();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();
        assertTrue(breaker.allowsCall());
    }

    @Test
    void afterTheCoolDownOneTrialCallGoesThroughAndItsSuccessCloses() {
        openIt();
        advanceMillis(2_000);
        assertTrue(breaker.allowsCall());
        assertFalse(breaker.allowsCall(), "only one trial at a time");
        breaker.succeeded();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.allowsCall());
    }

    @Test
    void aFailedTrialOpensItForAnotherCoolDown() {
        openIt();
        advanceMillis(2_500);
        assertTrue(breaker.allowsCall());
        breaker.failed();
        assertFalse(breaker.allowsCall());
        advanceMillis(1_999);
        assertFalse(breaker.allowsCall());
        advanceMillis(1);
        assertTrue(breaker.allowsCall());
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            breaker.failed();
        }
    }

    /** A trial call that ends without telling of Redis (a bug, or dropped past its deadline) lets the next call try. */
    @Test
    void anAbandonedTrialLetsTheNextCallTry() {
        breaker.failed();
        breaker.failed();
        breaker.failed();
        advanceMillis(2_000);
        assertTrue(breaker.allowsCall(), "the trial");
        assertFalse(breaker.allowsCall(), "one trial at a time");
        assertFalse(breaker.open(), "a trial may go: half-open, not open");

        breaker.abandoned();

        assertTrue(breaker.allowsCall(), "the next call is a trial again");
        breaker.succeeded();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void itIsOpenOnlyDuringTheCoolDown() {
        assertFalse(breaker.open());
        breaker.failed();
        breaker.failed();
        breaker.failed();
        assertTrue(breaker.open());
        advanceMillis(2_000);
        assertFalse(breaker.open());
    }
}
