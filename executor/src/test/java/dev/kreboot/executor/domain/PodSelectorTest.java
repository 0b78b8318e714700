package dev.kreboot.executor.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSelectorTest {
    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");

    @Test
    void theEmptySelectorSelectsEveryPod() {
        assertTrue(PodSelector.parse("").matches(WEB));
        assertTrue(PodSelector.parse("  ").matches(Map.of()));
        assertTrue(PodSelector.parse(null).selectsEverything());
    }

    @Test
    void equalityRequirementsMustAllHold() {
        assertTrue(PodSelector.parse("app=web").matches(WEB));
        assertTrue(PodSelector.parse("app==web,tier=front").matches(WEB));
        assertFalse(PodSelector.parse("app=web,tier=back").matches(WEB));
        assertTrue(PodSelector.parse("app!=db").matches(WEB));
        assertTrue(PodSelector.parse("app!=db").matches(Map.of()), "!= also matches a pod without the label");
        assertFalse(PodSelector.parse("app!=web").matches(WEB));
    }

    @Test
    void setAndExistenceRequirementsFollowKubernetes() {
        assertTrue(PodSelector.parse("app in (db, web),tier").matches(WEB));
        assertFalse(PodSelector.parse("app notin (web)").matches(WEB));
        assertTrue(PodSelector.parse("app notin (db)").matches(Map.of()));
        assertTrue(PodSelector.parse("!critical").matches(WEB));
        assertFalse(PodSelector.parse("example.com/critical").matches(WEB));
        assertTrue(PodSelector.parse("example.com/critical=true").matches(Map.of("example.com/critical", "true")));
    }

    @Test
    void malformedSelectorsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PodSelector.parse("app=web,"));
        assertThrows(IllegalArgumentException.class, () -> PodSelector.parse("app in web"));
        assertThrows(IllegalArgumentException.class, () -> PodSelector.parse("=web"));
        assertThrows(IllegalArgumentException.class, () -> PodSelector.parse("app=we b"));
    }
}
