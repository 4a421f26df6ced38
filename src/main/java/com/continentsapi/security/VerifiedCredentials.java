package com.continentsapi.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The identity store's recent VALID answers, so that a client sending the same credentials again skips the
 * PBKDF2 check (deliberately costly: bench/BENCHMARKS.md) and the users query. Only valid results are kept: a wrong
 * password always goes to the store. An entry lives {@code ttl-seconds} from its verification, never longer,
 * so a changed password, role or plan takes effect within that time. Entries are keyed by an HMAC of name and
 * password under a secret made at start-up and never stored: neither the password nor the header is held, and
 * a key is worthless to another process. In the last quarter of its TTL an entry is re-verified by one request
 * while the others go on using it, so a busy user does not wait for a PBKDF2 check once per TTL (every request
 * in flight used to wait for it at expiry: bench/BENCHMARKS.md); if that check cannot be made (the database is
 * down), the entry serves until it expires. At most {@code size} entries are kept (Caffeine, W-TinyLFU: a flood of
 * one-off logins does not push out the users who keep coming). A plain cache, not a refreshing LoadingCache: the store
 * is the caller's, an INVALID answer must drop the entry and reach that caller, and the re-verification runs on the
 * request's thread, not on a pool's. Trade-offs: server-config/README.md.
 */
@ApplicationScoped
public class VerifiedCredentials {

    private static final String HMAC = "HmacSHA256";

    @Inject
    AuthSettings settings;

    LongSupplier nanoClock = System::nanoTime;

    private final SecretKeySpec secret = new SecretKeySpec(randomBytes(32), HMAC);
    /** Built on first use: its size is a setting, injected after construction. */
    private volatile Cache<String, Verified> entries;
    private final Map<String, CompletableFuture<CredentialValidationResult>> verifying = new ConcurrentHashMap<>();

    private record Verified(CredentialValidationResult result, long refreshAtNanos, long expiresAtNanos) {

        boolean usableAt(long now) {
            return now - expiresAtNanos < 0;
        }

        boolean dueAt(long now) {
            return now - refreshAtNanos >= 0;
        }
    }

    private Cache<String, Verified> entries() {
        Cache<String, Verified> built = entries;
        if (built == null) {
            synchronized (this) {
                built = entries;
                if (built == null) {
                    // The clock is read through the field, which tests set after construction; maintenance runs on
                    // the caller's thread, not in the server's common pool.
                    built = Caffeine.newBuilder()
                            .maximumSize(settings.credentialCacheSize())
                            .expireAfter(Expiry.writing((String key, Verified entry) ->
                                    Duration.ofNanos(Math.max(0, entry.expiresAtNanos - nanoClock.getAsLong()))))
                            .ticker(() -> nanoClock.getAsLong())
                            .executor(Runnable::run)
                            .build();
                    entries = built;
                }
            }
        }
        return built;
    }

    /**
     * The result of these credentials if the store said VALID to them within the TTL, due for re-verification or
     * not: a password known to be right is no guess, so its re-verification is no login attempt either.
     */
    public Optional<CredentialValidationResult> remembered(UsernamePasswordCredential credential) {
        if (!settings.cachesCredentials()) {
            return Optional.empty();
        }
        Verified cached = entries().getIfPresent(key(credential));
        return cached != null && cached.usableAt(nanoClock.getAsLong()) ? Optional.of(cached.result()) : Optional.empty();
    }

    /** The cached result of these credentials, or the store's, remembered when it says VALID. */
    public CredentialValidationResult validate(UsernamePasswordCredential credential,
                                               Function<UsernamePasswordCredential, CredentialValidationResult> store) {
        if (!settings.cachesCredentials()) {
            return store.apply(credential);
        }
        String key = key(credential);
        long now = nanoClock.getAsLong();
        Verified cached = entries().getIfPresent(key);
        boolean usable = cached != null && cached.usableAt(now);
        if (usable && !cached.dueAt(now)) {
            return cached.result();
        }
        // A busy client whose entry expired sends many requests at once: one PBKDF2 check answers them all,
        // and while an entry that is only due is re-verified, the others use it without waiting.
        CompletableFuture<CredentialValidationResult> mine = new CompletableFuture<>();
        CompletableFuture<CredentialValidationResult> running = verifying.putIfAbsent(key, mine);
        if (running != null) {
            return usable ? cached.result() : awaitOther(running);
        }
        try {
            CredentialValidationResult result = store.apply(credential);
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                long ttl = settings.credentialCacheTtlSeconds() * 1_000_000_000L;
                entries().put(key, new Verified(result, now + ttl - ttl / 4, now + ttl));
            } else if (cached != null) {
                entries().asMap().remove(key, cached);
            }
            mine.complete(result);
            return result;
        } catch (RuntimeException storeFailed) {
            if (usable) { // the entry is still good for what is left of its TTL
                mine.complete(cached.result());
                return cached.result();
            }
            mine.completeExceptionally(storeFailed);
            throw storeFailed;
        } finally {
            verifying.remove(key, mine);
        }
    }

    private static CredentialValidationResult awaitOther(CompletableFuture<CredentialValidationResult> running) {
        try {
            return running.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /** The unexpired entries (counted one by one: Caffeine's estimate may still hold expired ones). */
    int count() {
        Cache<String, Verified> built = entries;
        return built == null ? 0 : (int) built.asMap().keySet().stream().count();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The caller name cannot hold a ':' (RFC 7617), so name and password never run into each other. */
    private String key(UsernamePasswordCredential credential) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            mac.update(credential.getCaller().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) ':');
            return HexFormat.of().formatHex(mac.doFinal(credential.getPasswordAsString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK always has " + HMAC, e);
        }
    }
}
