package com.continentsapi;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/** The API as a client sees it: plain HTTP against the deployed WAR. */
public final class Api {

    /** GET /continents, byte for byte. */
    public static final String SEVEN_CONTINENTS = "[{\"continent_id\":1,\"continent_name\":\"ASIA\"},{\"continent_id\":2,\"continent_name\":\"AFRICA\"},"
            + "{\"continent_id\":3,\"continent_name\":\"NORTH AMERICA\"},{\"continent_id\":4,\"continent_name\":\"SOUTH AMERICA\"},"
            + "{\"continent_id\":5,\"continent_name\":\"ANTARCTICA\"},{\"continent_id\":6,\"continent_name\":\"EUROPE\"},"
            + "{\"continent_id\":7,\"continent_name\":\"AUSTRALIA\"}]";

    private final URI base;
    /** Header name/value pairs sent with every request. */
    private final String[] always;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public Api(URL base) {
        this(URI.create(base.toString().endsWith("/") ? base.toString() : base + "/"));
    }

    private Api(URI base, String... always) {
        this.base = base;
        this.always = always;
    }

    /** As a proxy of RATELIMIT_TRUSTED_PROXIES that terminated the client's TLS forwards requests (auth.require-tls). */
    public Api overTls() {
        return new Api(base, "X-Forwarded-Proto", "https");
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> get(String path, String user, String password) {
        return get(path, basic(user, password));
    }

    /** A GET with this Authorization value, or none when null. */
    public HttpResponse<String> get(String path, String authorization) {
        return send(request(path, authorization)).join();
    }

    /** Any method, with this Authorization value (none when null) and further header name/value pairs. */
    public HttpResponse<String> send(String method, String path, String authorization, String... headers) {
        return sendAsync(method, path, authorization, headers).join();
    }

    /** The same, without waiting for the answer: for many requests at once. */
    public CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String authorization, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (always.length > 0) {
            request.headers(always);
        }
        return send(request.build());
    }

    /** A request with a JSON body. */
    public HttpResponse<String> sendJson(String method, String path, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (always.length > 0) {
            request.headers(always);
        }
        return send(request.build()).join();
    }

    /**
     * Returns once this user is served and decided again, after a test brought Redis or the database back: the
     * server is shared with later test classes, which expect it well (the breaker closed, the pool reconnected).
     */
    public void awaitRecovery(String user, String password, String... headers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response;
        do {
            Thread.sleep(100);
            response = send("GET", "continents", basic(user, password), headers);
        } while ((response.statusCode() != 200 || response.headers().firstValue("RateLimit").isEmpty()) && System.nanoTime() < deadline);
        if (response.statusCode() != 200 || response.headers().firstValue("RateLimit").isEmpty()) {
            throw new AssertionError("not recovered within 60 s: " + response.statusCode() + " " + response.headers().map());
        }
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String path, String user, String password) {
        return send(request(path, basic(user, password)));
    }

    private HttpRequest request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (always.length > 0) {
            request.headers(always);
        }
        return request.build();
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
