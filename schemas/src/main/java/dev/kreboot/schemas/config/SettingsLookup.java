package dev.kreboot.schemas.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Copies a settings class's keys out of a service's configuration, so every service hands its
 * {@code from(Map)} the same thing: the keys that are set, and no others.
 *
 * <p>The configuration is a plain lookup (Micronaut's {@code key -> environment.getProperty(key,
 * String.class)}, or {@code key -> Optional.ofNullable(map.get(key))}): this module stays free of
 * Micronaut because the node agent runs without it.
 */
public final class SettingsLookup {
    private SettingsLookup() {
    }

    /** Every one of {@code keys} that {@code lookup} has a value for, with that value, in a new modifiable map. */
    public static Map<String, String> read(Iterable<String> keys, Function<String, Optional<String>> lookup) {
        Map<String, String> settings = new HashMap<>();
        for (String key : keys) {
            lookup.apply(key).ifPresent(value -> settings.put(key, value));
        }
        return settings;
    }
}
