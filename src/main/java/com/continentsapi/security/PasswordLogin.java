package com.continentsapi.security;

import com.continentsapi.ratelimit.control.RateLimiter;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.util.Optional;

/**
 * The way of a name and password to the identity store's answer: the verified-credentials cache first, then the
 * failed-login throttle, then the password check within the ceiling of checks at once. How the answer reaches the
 * client (401, 429, 503) is BasicAuthentication's.
 */
@ApplicationScoped
public class PasswordLogin {

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    VerifiedCredentials verifiedCredentials;

    @Inject
    PasswordChecks passwordChecks;

    @Inject
    RateLimiter limiter;

    /**
     * The store's answer to these credentials from this client.
     *
     * @throws Throttled when the failed-login throttle refuses the check
     * @throws PasswordChecks.Busy when no turn for a check came within the wait
     * @throws RuntimeException the store's own failure
     */
    CredentialValidationResult validate(UsernamePasswordCredential credential, String client) {
        // Credentials verified within the TTL are no guess, even while their entry is re-verified: they skip
        // the throttle's Redis call, and the real user is not locked out by someone else's guesses.
        boolean remembered = verifiedCredentials.remembered(credential).isPresent();
        // Requests with the same credentials while they are being checked share the check, the throttle's included.
        return verifiedCredentials.validate(credential, login -> remembered
                ? passwordChecks.check(login, identityStores::validate) : throttledCheck(login, client));
    }

    /**
     * A password check the failed-login throttle allows: its check takes a failed login before the password is
     * known, and only a wrong password keeps it (no turn for a check, or no database, is no failure either).
     */
    private CredentialValidationResult throttledCheck(UsernamePasswordCredential login, String client) {
        String user = login.getCaller();
        Outcome throttle = limiter.checkLogin(user, client);
        Optional<Refusal> refusal = throttle.refusal();
        if (refusal.isPresent()) {
            throw new Throttled(refusal.get());
        }
        boolean wrongPassword = false;
        try {
            CredentialValidationResult result = passwordChecks.check(login, identityStores::validate);
            if (result.getStatus() == CredentialValidationResult.Status.INVALID) {
                wrongPassword = true;
                limiter.loginFailed(user, client, throttle);
            }
            return result;
        } finally {
            if (!wrongPassword) {
                limiter.loginNotFailed(user, client, throttle);
            }
        }
    }

    /** The throttle refused a login before its password was checked; those waiting on the same check get it too. */
    static final class Throttled extends RuntimeException {

        final transient Refusal refusal;

        Throttled(Refusal refusal) {
            super("Login throttled", null, false, false);
            this.refusal = refusal;
        }
    }
}
