package com.continentsapi.security;

import com.continentsapi.database.DatabaseUnavailableException;
import com.continentsapi.problems.Outage;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * HTTP Basic (RFC 7617) against the users table. The identity store, not this class, checks the password:
 * the stored value is a salted PBKDF2 hash in the Pbkdf2PasswordHash format (algorithm:iterations:salt:hash).
 * The mechanism is ours rather than {@code @BasicAuthenticationMechanismDefinition} only because that one
 * answers 500 to a header without a colon, with an empty password or with bad Base64; ours answers 401.
 * The caller's identity is the user name exactly as stored (see V2__users.sql), never the header.
 */
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "java:comp/env/jdbc/countries",
        callerQuery = "SELECT password_hash FROM users WHERE username = ?",
        groupsQuery = "SELECT role FROM users WHERE username = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class)
@DeclareRoles({"user", "admin"})
@ApplicationScoped
public class BasicAuthentication implements HttpAuthenticationMechanism {

    static final String CHALLENGE = "Basic realm=\"continents\"";
    private static final Logger LOG = Logger.getLogger(BasicAuthentication.class.getName());

    private final Outage userStoreOutage = new Outage(LOG, "The users database", "every request is answered 503");

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        Optional<UsernamePasswordCredential> credential = credential(request.getHeader("Authorization"));
        if (credential.isPresent()) {
            CredentialValidationResult result;
            try {
                result = identityStores.validate(credential.get());
                userStoreOutage.answered();
            } catch (RuntimeException storeFailed) {
                // The store could say neither yes nor no (its database is down): that is not the caller's 401.
                userStoreOutage.failed(storeFailed);
                return unavailable(response);
            }
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                return context.notifyContainerAboutLogin(result);
            }
        } else if (!context.isProtected()) {
            return context.doNothing();
        }
        response.setHeader("WWW-Authenticate", CHALLENGE);
        return context.responseUnauthorized();
    }

    private static AuthenticationStatus unavailable(HttpServletResponse response) throws AuthenticationException {
        response.setHeader("Retry-After", Long.toString(DatabaseUnavailableException.RETRY_AFTER_SECONDS));
        try {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        } catch (IOException e) {
            throw new AuthenticationException(e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** The user name and password of a well-formed Basic header; empty for anything else. */
    static Optional<UsernamePasswordCredential> credential(String authorization) {
        if (authorization == null || authorization.length() <= 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
