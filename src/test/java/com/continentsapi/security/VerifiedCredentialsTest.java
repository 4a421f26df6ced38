package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.configuration.ConfiguredSettings;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerifiedCredentialsTest {

    static final String PASSWORD = "correct horse";

    VerifiedCredentials cache;
    long now;
    List<String> storeCalls;
    Function<UsernamePasswordCredential, CredentialValidationResult> store;

    @BeforeEach
    void cacheOfThreeForSixtySeconds() {
        cache = new VerifiedCredentials();
        cache.settings = new AuthSettings(60, 3, false, 2, 1000, 1000);
        cache.nanoClock = () -> now;
        storeCalls = new ArrayList<>();
        store = credential -> {
            storeCalls.add(credential.getCaller());
            return credential.getPasswordAsString().equals(PASSWORD)
                    ? new CredentialValidationResult(credential.getCaller(), Set.of("user", "plan:pro"))
                    : CredentialValidationResult.INVALID_RESULT;
        };
    }

    CredentialValidationResult validate(String name, String password) {
        return cache.validate(new UsernamePasswordCredential(name, password), store);
    }

    @Test
    void theSameValidCredentialsAreVerifiedOnceAndKeepTheirGroups() {
        CredentialValidationResult first = validate("alice", PASSWORD);
        CredentialValidationResult second = validate("alice", PASSWORD);

        assertSame(first, second);
        assertEquals(Set.of("user", "plan:pro"), second.getCallerGroups());
        assertEquals(List.of("alice"), storeCalls);
    }

    @Test
    void aWrongPasswordIsNeverCachedNorAnsweredFromTheCache() {
        validate("alice", PASSWORD);
        for (int i = 0; i < 3; i++) {
            assertEquals(CredentialValidationResult.Status.INVALID, validate("alice", "wrong").getStatus());
        }
        assertEquals(CredentialValidationResult.Status.INVALID, validate("alice", PASSWORD + " ").getStatus());
        assertEquals(5, storeCalls.size(), "every wrong attempt reaches the store");
        assertEquals(1, cache.count());
    }

    @Test
    void anotherUserWithTheSamePasswordIsVerifiedOnItsOwn() {
        validate("alice", PASSWORD);
        assertEquals("bob", validate("bob", PASSWORD).getCallerPrincipal().getName());
        assertEquals(CredentialValidationResult.Status.INVALID, validate("alic", "e" + PASSWORD).getStatus(),
                "name and password are not simply run together");
        assertEquals(List.of("alice", "bob", "alic"), storeCalls);
    }

    @Test
    void anEntryExpiresAfterTheTtlSoAChangedPasswordStopsWorking() {
        validate("alice", PASSWORD);
        now += 44_999_999_999L;
        validate("alice", PASSWORD);
        assertEquals(1, storeCalls.size(), "answered from the cache until the last quarter of the TTL");

        now += 15_000_000_001L;
        store = credential -> {
            storeCalls.add(credential.getCaller());
            return CredentialValidationResult.INVALID_RESULT; // the password was changed in the meantime
        };
        assertEquals(CredentialValidationResult.Status.INVALID, validate("alice", PASSWORD).getStatus());
        assertEquals(CredentialValidationResult.Status.INVALID, validate("alice", PASSWORD).getStatus());
        assertEquals(3, storeCalls.size());
        assertEquals(0, cache.count());
    }

    @Test
    void inTheLastQuarterOfTheTtlOneRequestReverifiesWhileTheOthersKeepUsingTheEntry() throws Exception {
        UsernamePasswordCredential alice = new UsernamePasswordCredential("alice", PASSWORD);
        validate("alice", PASSWORD);
        now = 45_000_000_000L;
        assertEquals(Set.of("user", "plan:pro"), cache.remembered(alice).orElseThrow().getCallerGroups(),
                "due, and still known to be right (no login attempt); the first caller to validate it re-verifies");

        CountDownLatch storeEntered = new CountDownLatch(1);
        CountDownLatch storeMayAnswer = new CountDownLatch(1);
        Function<UsernamePasswordCredential, CredentialValidationResult> slowStore = credential -> {
            storeCalls.add(credential.getCaller());
            storeEntered.countDown();
            await(storeMayAnswer);
            return new CredentialValidationResult(credential.getCaller(), Set.of("user"));
        };
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<CredentialValidationResult> refresher = thread.submit(() -> cache.validate(alice, slowStore));
            storeEntered.await();
            assertEquals(Set.of("user", "plan:pro"), cache.remembered(alice).orElseThrow().getCallerGroups(),
                    "the others use the entry while it is re-verified");
            assertEquals(Set.of("user", "plan:pro"), cache.validate(alice, slowStore).getCallerGroups(), "and do not wait for it");
            storeMayAnswer.countDown();
            assertEquals(Set.of("user"), refresher.get().getCallerGroups());
        } finally {
            thread.shutdownNow();
        }
        assertEquals(List.of("alice", "alice"), storeCalls);

        now = 45_000_000_000L + 44_000_000_000L;
        assertEquals(Set.of("user"), cache.remembered(alice).orElseThrow().getCallerGroups(), "a new TTL from the re-verification");
    }

    @Test
    void anEntryWhoseReverificationFailsServesUntilItExpires() {
        UsernamePasswordCredential alice = new UsernamePasswordCredential("alice", PASSWORD);
        validate("alice", PASSWORD);
        AtomicInteger asked = new AtomicInteger();
        Function<UsernamePasswordCredential, CredentialValidationResult> down = credential -> {
            asked.incrementAndGet();
            throw new IllegalStateException("database down");
        };
        now = 50_000_000_000L;
        assertEquals(CredentialValidationResult.Status.VALID, cache.validate(alice, down).getStatus());
        assertEquals(1, asked.get(), "the due entry was re-verified, and the failure answered from it");
        now = 60_000_000_000L;
        assertThrows(IllegalStateException.class, () -> cache.validate(alice, down));
        assertEquals(Optional.empty(), cache.remembered(alice));
    }

    @Test
    void neverHoldsMoreThanItsSize() {
        for (int i = 0; i < 10; i++) {
            validate("user" + i, PASSWORD);
        }
        assertEquals(3, cache.count());
        validate("user9", PASSWORD);
        assertEquals(10, storeCalls.size(), "the newest entry was kept");
    }

    @Test
    void aFloodOfOneOffLoginsDoesNotEvictTheEntryOfAUserWhoKeepsComing() {
        cache.settings = new AuthSettings(60, 100, false, 2, 1000, 1000);
        for (int i = 0; i < 1_100; i++) {
            if (i == 100) { // the flood has filled the cache when alice logs in, and she keeps sending requests
                for (int requests = 0; requests < 20; requests++) {
                    validate("alice", PASSWORD);
                }
            }
            validate("one-off-" + i, PASSWORD);
        }
        storeCalls.clear();
        validate("alice", PASSWORD);
        assertEquals(List.of(), storeCalls, "alice is still answered from the cache");
        assertEquals(100, cache.count());
    }

    @Test
    void expiredEntriesMakeRoomFirst() {
        validate("old", PASSWORD);
        now += 30_000_000_000L;
        validate("a", PASSWORD);
        validate("b", PASSWORD);
        now += 31_000_000_000L;
        validate("c", PASSWORD);
        validate("a", PASSWORD);
        validate("b", PASSWORD);
        assertEquals(List.of("old", "a", "b", "c"), storeCalls);
    }

    @Test
    void simultaneousRequestsWithTheSameCredentialsShareOneVerification() throws Exception {
        CountDownLatch storeEntered = new CountDownLatch(1);
        CountDownLatch storeMayAnswer = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Function<UsernamePasswordCredential, CredentialValidationResult> slowStore = credential -> {
            calls.incrementAndGet();
            storeEntered.countDown();
            await(storeMayAnswer);
            return new CredentialValidationResult(credential.getCaller(), Set.of("user"));
        };
        UsernamePasswordCredential alice = new UsernamePasswordCredential("alice", PASSWORD);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Future<CredentialValidationResult> first = threads.submit(() -> cache.validate(alice, slowStore));
            storeEntered.await();
            List<Future<CredentialValidationResult>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(threads.submit(() -> cache.validate(new UsernamePasswordCredential("alice", PASSWORD), slowStore)));
            }
            Thread.sleep(100); // lets the others reach the cache while the first is still verifying
            storeMayAnswer.countDown();
            assertEquals("alice", first.get().getCallerPrincipal().getName());
            for (Future<CredentialValidationResult> other : others) {
                assertEquals(CredentialValidationResult.Status.VALID, other.get().getStatus());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, calls.get());
    }

    @Test
    void aFailingStoreFailsTheCallersWaitingForItAndCachesNothing() {
        RuntimeException down = new IllegalStateException("database down");
        assertSame(down, assertThrows(IllegalStateException.class,
                () -> cache.validate(new UsernamePasswordCredential("alice", PASSWORD), credential -> { throw down; })));
        assertEquals(0, cache.count());
        assertEquals(CredentialValidationResult.Status.VALID, validate("alice", PASSWORD).getStatus());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTtlOfZeroTurnsItOff() {
        cache.settings = new AuthSettings(0, 3, false, 2, 1000, 1000);
        validate("alice", PASSWORD);
        validate("alice", PASSWORD);
        assertEquals(2, storeCalls.size());
        assertEquals(0, cache.count());
    }

    @Test
    void negativeSettingsOrATypoStopTheDeployment() {
        assertThrows(IllegalStateException.class, () -> AuthSettings.read(ConfiguredSettings.of("auth",
                Map.of("AUTH_CREDENTIAL_CACHE_TTL_SECONDS", "-1"))));
        IllegalStateException typo = assertThrows(IllegalStateException.class, () -> AuthSettings.read(ConfiguredSettings.of("auth",
                Map.of("AUTH_CREDENTIALS_CACHE_SIZE", "5"))));
        assertTrue(typo.getMessage().contains("did you mean AUTH_CREDENTIAL_CACHE_SIZE?"), typo.getMessage());
    }
}
