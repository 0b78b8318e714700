package dev.kreboot.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsLookupTest {

    @Test
    void copiesTheKeysThatAreSetAndNoOthers() {
        Map<String, String> configuration = Map.of("kreboot.cluster", "prod", "kreboot.other", "ignored");

        Map<String, String> read = SettingsLookup.read(List.of("kreboot.cluster", "kreboot.instance"),
                key -> Optional.ofNullable(configuration.get(key)));

        assertEquals(Map.of("kreboot.cluster", "prod"), read);
    }

    @Test
    void theResultTakesMoreSettings() {
        Map<String, String> read = SettingsLookup.read(List.of("kreboot.cluster"), key -> Optional.of("prod"));

        read.put("kreboot.notifier.routes.ops.url", "https://hooks.example/ops");

        assertEquals(2, read.size());
    }
}
