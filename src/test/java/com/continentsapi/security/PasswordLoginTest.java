package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.configuration.ConfiguredSettings;
import com.continentsapi.cors.Cors;
import com.continentsapi.ratelimit.control.RateLimitSettings;
import com.continentsapi.ratelimit.control.RateLimiter;
import com.continentsapi.ratelimit.entity.Decision;
import com.continentsapi.ratelimit.entity.Outcome;
import com.continentsapi.ratelimit.entity.Policy;
import com.continentsapi.ratelimit.entity.Verdict;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BasicAuthentication's way through a login, PasswordLogin: the credential cache, the failed-login throttle, the
 * password check. The limiter is a stand-in that records what it was asked; the clock is the test's.
 */
class PasswordLoginTest {

    static final String PASSWORD = "correct horse";
    static final String CLIENT = "203.0.113.7";

    long now;
    boolean quotaSpent;
    final List<String> throttleChecks = Collections.synchronizedList(new ArrayList<>());
    final List<String> failuresCounted = Collections.synchronizedList(new ArrayList<>());
    /** The logins whose check's failure was given back: their password was right, or not checked. */
    final List<String> failuresGivenBack = Collections.synchronizedList(new ArrayList<>());
    final List<String> storeCalls = Collections.synchronizedList(new ArrayList<>());
    /** What the store does before it answers, e.g. wait for the test. */
    Runnable storeWork = () -> { };
    final AtomicInteger storeRunning = new AtomicInteger();
    final AtomicInteger storeMostAtOnce = new AtomicInteger();
    BasicAuthentication mechanism;
    PasswordChecks passwordChecks;

    /** What the response got. */
    int status;
    final Map<String, String> fields = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @BeforeEach
    void twoPasswordChecksAtOnceWithoutWaiting() {
        mechanism(new AuthSettings(60, 100, false, 2, 0, 1000));
    }

    void mechanism(AuthSettings auth) {
        VerifiedCredentials cache = new VerifiedCredentials();
        cache.settings = auth;
        cache.nanoClock = () -> now;
        CredentialsOverTls tls = new CredentialsOverTls();
        tls.settings = auth;
        RateLimitSettings limits = RateLimitSettings.read(ConfiguredSettings.of(RateLimitSettings.PREFIX, Map.of()));
        mechanism = new BasicAuthentication();
        PasswordLogin passwordLogin = new PasswordLogin();
        mechanism.passwordLogin = passwordLogin;
        passwordLogin.verifiedCredentials = cache;
        mechanism.credentialsOverTls = tls;
        mechanism.cors = new Cors() {
            @Override
            public boolean isPreflight(HttpServletRequest request) {
                return false;
            }

            @Override
            public void addResponseFields(HttpServletRequest request, HttpServletResponse response) {
            }
        };
        passwordLogin.limiter = new RateLimiter() {
            @Override
            public RateLimitSettings settings() {
                return limits;
            }

            @Override
            public Outcome checkLogin(String user, String client) {
                throttleChecks.add(user);
                Policy login = new Policy("login", 10, 900);
                return new Outcome.LoginChecked(new Verdict(List.of(login),
                        List.of(new Decision(quotaSpent, 10, quotaSpent ? 0 : 10, quotaSpent ? 900_000 : 0, 900_000))), true);
            }

            @Override
            public void loginFailed(String user, String client, Outcome check) {
                failuresCounted.add(user);
            }

            @Override
            public void loginNotFailed(String user, String client, Outcome check) {
                failuresGivenBack.add(user);
            }
        };
        mechanism.limiter = passwordLogin.limiter;
        passwordLogin.identityStores = credential -> {
            UsernamePasswordCredential login = (UsernamePasswordCredential) credential;
            storeCalls.add(login.getCaller());
            storeMostAtOnce.accumulateAndGet(storeRunning.incrementAndGet(), Math::max);
            try {
                storeWork.run();
            } finally {
                storeRunning.decrementAndGet();
            }
            return login.getPasswordAsString().equals(PASSWORD)
                    ? new CredentialValidationResult(login.getCaller(), Set.of("admin"))
                    : CredentialValidationResult.INVALID_RESULT;
        };
        passwordChecks = new PasswordChecks();
        passwordChecks.settings = auth;
        passwordChecks.init();
        passwordLogin.passwordChecks = passwordChecks;
        mechanism.init();
    }

    AuthenticationStatus login(String user, String password) throws Exception {
        status = 0;
        fields.clear();
        body.reset();
        return loginAlongside(user, password);
    }

    /** A login whose response nobody looks at, for several threads at once. */
    AuthenticationStatus loginAlongside(String user, String password) throws Exception {
        HttpServletRequest request = ArrivingRequest.from(CLIENT, "Authorization", BasicAuthenticationTest.basic(user + ":" + password));
        return mechanism.validateRequest(request, response(), context());
    }

    @Test
    void aPasswordCheckOverTheCeilingIsA503WithRetryAfterAndCountsAgainstNoOne() throws Exception {
        CountDownLatch twoChecking = new CountDownLatch(2);
        CountDownLatch mayAnswer = new CountDownLatch(1);
        storeWork = () -> {
            twoChecking.countDown();
            await(mayAnswer);
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<AuthenticationStatus> alice = threads.submit(() -> loginAlongside("alice", "guess"));
            Future<AuthenticationStatus> bob = threads.submit(() -> loginAlongside("bob", "guess"));
            twoChecking.await();

            assertEquals(AuthenticationStatus.SEND_FAILURE, login("carol", "guess"));
            assertEquals(503, status);
            assertEquals("1", fields.get("Retry-After"));
            assertEquals("application/problem+json", fields.get("Content-Type"));
            assertTrue(body.toString().contains("\"status\":503"), body.toString());
            assertEquals(List.of("alice", "bob"), storeCalls.stream().sorted().toList(), "carol's password was not checked");

            mayAnswer.countDown();
            assertEquals(AuthenticationStatus.SEND_FAILURE, alice.get());
            assertEquals(AuthenticationStatus.SEND_FAILURE, bob.get());
        } finally {
            mayAnswer.countDown();
            threads.shutdownNow();
        }
        assertEquals(List.of("alice", "bob"), failuresCounted.stream().sorted().toList(), "carol's 503 counted as no failed login");
        assertEquals(List.of("carol"), failuresGivenBack, "the failure carol's check took was given back");
        storeWork = () -> { };
        assertEquals(AuthenticationStatus.SUCCESS, login("carol", PASSWORD), "the ceiling's turns were given back");
        assertEquals(List.of("carol", "carol"), failuresGivenBack, "a right password is no failed login");
    }

    /**
     * A client's first requests arrive together with the same right credentials, before any is remembered: they
     * share one password check, and so one throttle check, or the failures those checks take would refuse the
     * user's own requests once there are more of them than the failed logins allowed.
     */
    @Test
    void concurrentLoginsWithTheSameCredentialsShareOneThrottleCheck() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch mayAnswer = new CountDownLatch(1);
        storeWork = () -> {
            checking.countDown();
            await(mayAnswer);
        };
        List<Future<AuthenticationStatus>> logins = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            logins.add(threads.submit(() -> loginAlongside("alice", PASSWORD)));
            checking.await();
            for (int i = 0; i < 20; i++) {
                logins.add(threads.submit(() -> loginAlongside("alice", PASSWORD)));
            }
            Thread.sleep(200); // lets the 20 reach the check in flight; the assertions hold however far they got
            mayAnswer.countDown();
        } finally {
            mayAnswer.countDown();
        }
        for (Future<AuthenticationStatus> login : logins) {
            assertEquals(AuthenticationStatus.SUCCESS, login.get());
        }
        assertEquals(List.of("alice"), storeCalls, "one password check");
        assertEquals(List.of("alice"), throttleChecks, "one throttle check, for the one password check");
    }

    /** 200 wrong passwords for 200 user names at once, each waiting as long as it takes for its turn. */
    @Test
    void manyConcurrentWrongPasswordsNeverRunMoreChecksAtOnceThanTheCeiling() throws Exception {
        mechanism(new AuthSettings(60, 100, false, 2, 60_000, 1000));
        storeWork = () -> {
            try {
                Thread.sleep(2); // overlapping checks: without a ceiling they would all be in the store at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<Future<AuthenticationStatus>> logins = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String user = "user" + i;
                logins.add(threads.submit(() -> loginAlongside(user, "guess")));
            }
        }
        for (Future<AuthenticationStatus> login : logins) {
            assertEquals(AuthenticationStatus.SEND_FAILURE, login.get());
        }
        assertEquals(200, storeCalls.size());
        assertEquals(200, failuresCounted.size());
        assertTrue(storeMostAtOnce.get() <= 2, storeMostAtOnce.get() + " checks at once");
        assertEquals(storeMostAtOnce.get(), passwordChecks.mostAtOnce(), "the high-water mark the metric shows");
    }

    /** Bounded, so a check that should never have started fails the test instead of hanging it. */
    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRememberedCredentialIsNeverThrottledNotEvenWhileItsEntryIsReverified() throws Exception {
        assertEquals(AuthenticationStatus.SUCCESS, login("admin", PASSWORD));
        assertEquals(List.of("admin"), throttleChecks, "an unknown credential is a login attempt: the throttle is asked");

        quotaSpent = true; // someone guessed the admin's password from this client until the throttle said no
        now = 10_000_000_000L;
        assertEquals(AuthenticationStatus.SUCCESS, login("admin", PASSWORD));
        now = 50_000_000_000L; // the last quarter of the TTL: this request re-verifies the entry
        assertEquals(AuthenticationStatus.SUCCESS, login("admin", PASSWORD), "status " + status + " " + body);
        assertEquals(List.of("admin", "admin"), storeCalls, "re-verified by the store");
        now = 105_000_000_000L; // past the first entry's TTL, within the re-verified one's
        assertEquals(AuthenticationStatus.SUCCESS, login("admin", PASSWORD));

        assertEquals(List.of("admin"), throttleChecks, "a password known to be right is not a guess");
        assertEquals(List.of("admin"), failuresGivenBack, "only the one check took a failure, and the right password gave it back");
        assertEquals(AuthenticationStatus.SEND_FAILURE, login("admin", "a guess"));
        assertEquals(429, status);
    }

    private HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "setHeader", "addHeader" -> fields.put((String) args[0], (String) args[1]);
                    case "setStatus", "sendError" -> status = (Integer) args[0];
                    case "setContentType" -> fields.put("Content-Type", (String) args[0]);
                    case "setContentLength" -> null;
                    case "getOutputStream" -> out;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpMessageContext context() {
        return (HttpMessageContext) Proxy.newProxyInstance(HttpMessageContext.class.getClassLoader(), new Class<?>[] {HttpMessageContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "notifyContainerAboutLogin" -> AuthenticationStatus.SUCCESS;
                    case "responseUnauthorized" -> AuthenticationStatus.SEND_FAILURE;
                    case "doNothing" -> AuthenticationStatus.NOT_DONE;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
