package dev.kreboot.schemas.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireSettingsTest {

    @Test
    void defaultsToSingleObjectWithoutARegistry() {
        WireSettings settings = WireSettings.from(Map.of());
        assertEquals(WireSettings.Format.SINGLE_OBJECT, settings.format());
        assertFalse(settings.hasRegistry());
        assertFalse(settings.autoRegister());
    }

    @Test
    void theRegistryFormatNeedsAUrl() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> WireSettings.from(Map.of("kreboot.wire-format", "registry")));
        assertTrue(e.getMessage().contains("kreboot.registry.url"), e.getMessage());
    }

    @Test
    void readsTheRegistryFormatWithBasicCredentials() {
        WireSettings settings = WireSettings.from(Map.of("kreboot.wire-format", "registry",
                "kreboot.registry.url", "http://registry:8080/", "kreboot.registry.auto-register", "true",
                "kreboot.registry.username", "kreboot", "kreboot.registry.password", "s3cret"));
        assertEquals(WireSettings.Format.REGISTRY, settings.format());
        assertEquals("http://registry:8080", settings.registryUrl().toString());
        assertTrue(settings.autoRegister());
        assertEquals("s3cret", settings.password());
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
    }

    @Test
    void readsSecretsFromMountedFiles(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
        WireSettings settings = WireSettings.from(Map.of("kreboot.registry.url", "https://registry",
                "kreboot.registry.token-file", token.toString()));
        assertEquals("tok-123", settings.token());
        assertNull(settings.username());
        assertFalse(settings.toString().contains("tok-123"));
    }

    @Test
    void refusesInvalidValuesNamingTheKey(@TempDir Path dir) {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("kreboot.wire-format", "json"), "kreboot.wire-format",
                Map.of("kreboot.registry.url", "registry:8080"), "kreboot.registry.url",
                Map.of("kreboot.registry.url", "http://r:8080/apis/ccompat/v7"), "kreboot.registry.url",
                Map.of("kreboot.registry.auto-register", "yes"), "kreboot.registry.auto-register",
                Map.of("kreboot.registry.username", "u"), "kreboot.registry.password",
                Map.of("kreboot.registry.username", "u", "kreboot.registry.password", "p",
                        "kreboot.registry.token", "t"), "kreboot.registry.token",
                Map.of("kreboot.registry.token-file", dir.resolve("missing").toString()), "kreboot.registry.token-file");
        cases.forEach((settings, key) -> {
            var e = assertThrows(IllegalArgumentException.class, () -> WireSettings.from(settings), settings.toString());
            assertTrue(e.getMessage().contains(key), e.getMessage());
        });
    }

    @Test
    void readAsksTheConfigurationForEveryKeyAndOnlyThoseKeys() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        WireSettings settings = WireSettings.read(key -> {
            asked.add(key);
            return java.util.Optional.ofNullable(java.util.Map.of("kreboot.wire-format", "registry",
                    "kreboot.registry.url", "http://registry:8080", "kreboot.other", "x").get(key));
        });
        assertEquals(WireSettings.KEYS, asked);
        assertEquals(WireSettings.Format.REGISTRY, settings.format());
        var bad = assertThrows(IllegalArgumentException.class, () ->
                WireSettings.read(key -> java.util.Optional.ofNullable(key.equals("kreboot.wire-format") ? "bogus" : null)));
        assertTrue(bad.getMessage().startsWith("kreboot.wire-format"), bad.getMessage());
    }
}
