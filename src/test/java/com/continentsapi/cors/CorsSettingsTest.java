package com.continentsapi.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorsSettingsTest {

    @Test
    void noOriginsMeansCorsIsOff() {
        assertFalse(CorsSettings.parse(Optional.empty()).enabled());
        assertFalse(CorsSettings.parse(Optional.of(" , ")).enabled());
    }

    @Test
    void originsAreKeptAsBrowsersSendThem() {
        CorsSettings settings = CorsSettings.parse(Optional.of(" HTTPS://App.Example.com , http://localhost:3000"));

        assertEquals(Set.of("https://app.example.com", "http://localhost:3000"), settings.allowedOrigins());
        assertTrue(settings.allows("https://app.example.com"));
        assertTrue(settings.allows("http://localhost:3000"));
    }

    @Test
    void onlyExactOriginsAreAllowed() {
        CorsSettings settings = CorsSettings.parse(Optional.of("https://app.example.com"));

        assertFalse(settings.allows(null));
        assertFalse(settings.allows("null"));
        assertFalse(settings.allows("https://app.example.com:443"));
        assertFalse(settings.allows("http://app.example.com"));
        assertFalse(settings.allows("https://evil.app.example.com"));
        assertFalse(settings.allows("https://app.example.com.evil.org"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "null", "https://*.example.com", "app.example.com", "https://app.example.com/",
            "https://app.example.com/path", "ftp://app.example.com", "https://user@app.example.com", "https://a.com?x"})
    void anythingButAnExactOriginStopsTheDeployment(String configured) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> CorsSettings.parse(Optional.of(configured)));
        assertTrue(refused.getMessage().contains("cors.allowed-origins"), refused.getMessage());
    }
}
