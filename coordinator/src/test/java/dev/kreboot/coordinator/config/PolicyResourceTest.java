package dev.kreboot.coordinator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PolicyResourceTest {
    @Test
    void theDefaultsWatchNothingAndListUpToAThousandNodes() {
        assertEquals("no RebootPolicy", PolicyResource.from(Map.<String, String>of()::get).toString());
        assertEquals("RebootPolicy default (status every PT5S, at most 1000 nodes listed)",
                PolicyResource.from(Map.of("kreboot.policy.resource", "default")::get).toString());
        assertEquals("RebootPolicy p (status every PT15S, at most 0 nodes listed)", PolicyResource.from(Map.of(
                "kreboot.policy.resource", "p", "kreboot.policy.status-period", "15s",
                "kreboot.policy.status-max-nodes", " 0 ")::get).toString());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "kreboot.policy.resource|Default|must be a Kubernetes object name",
        "kreboot.policy.status-period|500ms|must be at least 1s",
        "kreboot.policy.status-period|soon|must be a duration",
        "kreboot.policy.status-max-nodes|-1|must be a whole number from 0 to 5000",
        "kreboot.policy.status-max-nodes|5001|largest supported cluster",
        "kreboot.policy.status-max-nodes|lots|got 'lots'"})
    void aBadValueIsRefusedNamingItsKey(String key, String value, String hint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyResource.from(Map.of(key, value)::get));
        assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage() + " should mention " + hint);
    }
}
