package com.continentsapi.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.configuration.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorsSettingsTest {

    static CorsSettings read(Map<String, String> configured) {
        return CorsSettings.read(new Settings(CorsSettings.PREFIX, key -> Optional.ofNullable(configured.get(key)), configured.keySet()));
    }

    static CorsSettings allowing(String origins) {
        return read(Map.of("cors.allowed-origins", origins));
    }

    @Test
    void noOriginsMeansCorsIsOff() {
        assertFalse(read(Map.of()).enabled());
        assertFalse(allowing("").enabled());
        assertFalse(allowing(" , ").enabled());
    }

    @Test
    void originsAreKeptAsBrowsersSendThem() {
        CorsSettings settings = allowing(" HTTPS://App.Example.com , http://localhost:3000");

        assertEquals(Set.of("https://app.example.com", "http://localhost:3000"), settings.allowedOrigins());
        assertTrue(settings.allows("https://app.example.com"));
        assertTrue(settings.allows("http://localhost:3000"));
    }

    @Test
    void onlyExactOriginsAreAllowed() {
        CorsSettings settings = allowing("https://app.example.com");

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
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> allowing(configured));
        assertTrue(refused.getMessage().contains("cors.allowed-origins (CORS_ALLOWED_ORIGINS)"), refused.getMessage());
    }

    @Test
    void aMisspelledKeyStopsTheDeployment() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> read(Map.of("cors.allowed-origin", "https://a.com")));
        assertTrue(refused.getMessage().contains("cors.allowed-origins"), refused.getMessage());
    }
}
