package com.continentsapi.security;

import com.continentsapi.cors.Cors;
import com.continentsapi.database.DatabaseUnavailableException;
import com.continentsapi.problems.Outage;
import com.continentsapi.problems.Problem;
import com.continentsapi.ratelimit.control.RateLimiter;
import jakarta.annotation.PostConstruct;
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
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * HTTP Basic (RFC 7617) against the users table: which requests need credentials, and what each answer is. The
 * identity store, reached through PasswordLogin (cache, failed-login throttle, check), checks the password:
 * the stored value is a salted PBKDF2 hash in the Pbkdf2PasswordHash format (algorithm:iterations:salt:hash).
 * The mechanism is ours rather than {@code @BasicAuthenticationMechanismDefinition} only because that one
 * answers 500 to a header without a colon, with an empty password or with bad Base64; ours answers 401.
 * The caller's identity is the user name exactly as stored (see V2__users.sql), never the header.
 */
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "java:comp/env/jdbc/countries",
        callerQuery = "SELECT password_hash FROM users WHERE username = ?",
        // Two rows from one key lookup: the role, and the caller's plan (as "plan:<name>") when it has one.
        groupsQuery = "SELECT CASE n.i WHEN 1 THEN u.role ELSE CONCAT('plan:', u.plan) END FROM users u"
                + " JOIN (SELECT 1 AS i UNION ALL SELECT 2) n ON n.i = 1 OR u.plan IS NOT NULL WHERE u.username = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class)
@DeclareRoles({"user", "admin", BasicAuthentication.ANONYMOUS})
@ApplicationScoped
public class BasicAuthentication implements HttpAuthenticationMechanism {

    /** The role and group of a client that did not log in, when anonymous access is on. */
    public static final String ANONYMOUS = "anonymous";
    static final String CHALLENGE = "Basic realm=\"continents\"";
    private static final String PLAN_GROUP = "plan:";
    private static final Logger LOG = Logger.getLogger(BasicAuthentication.class.getName());

    private final Outage userStoreOutage = new Outage(LOG, "The users database", "every request is answered 503");

    @Inject
    PasswordLogin passwordLogin;

    /** Says how callers without credentials are treated (ratelimit.anonymous), and who the client is. */
    @Inject
    RateLimiter limiter;

    @Inject
    CredentialsOverTls credentialsOverTls;

    @Inject
    Cors cors;

    private ClientAddress clientAddress;
    private boolean anonymousByAddress;

    @PostConstruct
    void init() {
        anonymousByAddress = limiter.settings().anonymousByAddress();
        clientAddress = new ClientAddress(limiter.settings().trustedProxies(), limiter.settings().forwardedHeader());
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        // Browsers send a preflight without credentials: it is answered here, before the limiter and any resource.
        if (cors.isPreflight(request)) {
            return refused(response, () -> cors.answerPreflight(request, response));
        }
        cors.addResponseFields(request, response);
        if (PublicPaths.contain(request)) {
            return context.doNothing();
        }
        if (credentialsOverTls.refuses(request, clientAddress)) {
            return refused(response, () -> CredentialsOverTls.refuse(response));
        }
        if (Collections.list(request.getHeaders("Authorization")).size() > 1) {
            // Which one counts? A proxy and this app could each pick another: refuse rather than guess.
            return refused(response, () -> response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Send one Authorization header."));
        }
        Optional<UsernamePasswordCredential> credential = BasicCredentials.of(request.getHeader("Authorization"));
        if (credential.isPresent()) {
            Optional<String> client = client(request);
            if (client.isEmpty()) {
                return unreadableForwarding(response);
            }
            CredentialValidationResult result;
            try {
                result = passwordLogin.validate(credential.get(), client.get());
                userStoreOutage.answered();
            } catch (PasswordLogin.Throttled throttled) {
                return refused(response, () -> throttled.refusal.writeTo(response));
            } catch (PasswordChecks.Busy busy) {
                // Not the caller's fault nor a guess: nothing is counted against the user or the client.
                return refused(response, () -> {
                    response.setHeader("Retry-After", Long.toString(PasswordChecks.RETRY_AFTER_SECONDS));
                    Problem.of(HttpServletResponse.SC_SERVICE_UNAVAILABLE, PasswordChecks.BUSY).writeTo(response);
                });
            } catch (RuntimeException storeFailed) {
                return storeFailed(response, storeFailed);
            }
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                result.getCallerGroups().stream().filter(group -> group.startsWith(PLAN_GROUP)).findFirst()
                        .ifPresent(plan -> request.setAttribute(RateLimiter.PLAN, plan.substring(PLAN_GROUP.length())));
                return context.notifyContainerAboutLogin(result);
            }
        } else if (anonymousByAddress && request.getHeader("Authorization") == null) {
            return anonymous(request, response, context);
        }
        response.setHeader("WWW-Authenticate", CHALLENGE);
        return context.responseUnauthorized();
    }

    /**
     * A client without credentials, named after its address. The name holds a ':', which no Basic user name
     * can (RFC 7617), so an anonymous client never shares a quota with a user.
     */
    private AuthenticationStatus anonymous(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        Optional<String> address = client(request);
        if (address.isEmpty()) {
            return unreadableForwarding(response);
        }
        request.setAttribute(RateLimiter.PLAN, RateLimiter.ANONYMOUS_PLAN);
        return context.notifyContainerAboutLogin("ip:" + address.get(), Set.of(ANONYMOUS));
    }

    /** The client's address, behind trusted proxies; empty when a trusted proxy's forwarding header cannot be read. */
    private Optional<String> client(HttpServletRequest request) {
        return clientAddress.of(request);
    }

    private static AuthenticationStatus unreadableForwarding(HttpServletResponse response) throws AuthenticationException {
        return refused(response, () -> response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The forwarding headers of a trusted proxy cannot be read."));
    }

    private interface Answer {
        void write() throws IOException;
    }

    private static AuthenticationStatus refused(HttpServletResponse response, Answer answer) throws AuthenticationException {
        try {
            answer.write();
        } catch (IOException e) {
            throw new AuthenticationException(e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /**
     * The store could say neither yes nor no. A database that cannot be reached is an outage (503, logged once
     * while it lasts), never the caller's 401; anything else is a fault of this app or its data (a malformed
     * password hash, a bug): a 500, logged with its cause each time.
     */
    private AuthenticationStatus storeFailed(HttpServletResponse response, RuntimeException failure) throws AuthenticationException {
        if (!DatabaseUnavailableException.unreachable(failure)) {
            LOG.log(Level.SEVERE, "The identity store failed", failure);
            return refused(response, () -> response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR));
        }
        userStoreOutage.failed(failure);
        response.setHeader("Retry-After", Long.toString(DatabaseUnavailableException.RETRY_AFTER_SECONDS));
        return refused(response, () -> response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE));
    }
}
