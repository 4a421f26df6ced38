package com.continentsapi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BasicAuthenticationTest {

    static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsNameAndPasswordSplitAtTheFirstColon() {
        UsernamePasswordCredential credential = BasicCredentials.of(basic("john_doe:pass:word")).orElseThrow();
        assertEquals("john_doe", credential.getCaller());
        assertEquals("pass:word", credential.getPasswordAsString());
    }

    @Test
    void theSchemeIsCaseInsensitiveAndAnEmptyPasswordIsStillACredential() {
        UsernamePasswordCredential credential = BasicCredentials.of(
                "bAsIc " + Base64.getEncoder().encodeToString("john_doe:".getBytes())).orElseThrow();
        assertEquals("john_doe", credential.getCaller());
        assertEquals("", credential.getPasswordAsString());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Basic", "Basic ", "Basic !!!", "Basic am9obg==", "Basic OnBhc3N3b3Jk",
            "Bearer abc", "Digest username=\"john_doe\"", "Basicam9objpwYXNz"})
    void anythingElseIsNoCredential(String authorization) {
        assertTrue(BasicCredentials.of(authorization).isEmpty(), authorization);
    }

    @Test
    void credentialsThatAreNotUtf8AreNoCredential() {
        byte[] latin1 = "jos\u00e9:secret".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(BasicCredentials.of("Basic " + Base64.getEncoder().encodeToString(latin1)).isEmpty());
        assertEquals("jos\u00e9", BasicCredentials.of(basic("jos\u00e9:secret")).orElseThrow().getCaller());
    }

    static HttpServletRequest request(String servletPath, String pathInfo) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void onlyTheProbesAndTheApiDescriptionArePublic() {
        assertTrue(PublicPaths.contain(request("/health", null)));
        assertTrue(PublicPaths.contain(request("", "/health/ready")));
        assertTrue(PublicPaths.contain(request("/openapi", null)));
        assertTrue(PublicPaths.contain(request("/metrics", "/application")));
        assertFalse(PublicPaths.contain(request("", "/")));
        assertFalse(PublicPaths.contain(request("", "/continents")));
        assertFalse(PublicPaths.contain(request("", "/healthy")));
        assertFalse(PublicPaths.contain(request("", "/admin/ratelimit/alice")));
    }
}
