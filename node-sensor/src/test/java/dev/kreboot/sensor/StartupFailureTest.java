package dev.kreboot.sensor;

import static dev.kreboot.schemas.testing.StartupRefusal.assertRefusedNaming;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kreboot.sensor.config.SensorSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StartupFailureTest {

    /** A cluster and a broker nothing listens on, topics not created, and no node name. */
    private static Map<String, Object> withoutANode() {
        return new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                SensorSettings.CLUSTER, "test-cluster",
                SensorSettings.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                SensorSettings.CREATE_TOPICS, "false"));
    }

    private static void assertRefusedNamingTheKey(Map<String, Object> props, String key) {
        assertRefusedNaming(RuntimeException.class, () -> ApplicationContext.run(EmbeddedServer.class, props).close(), key);
    }

    @Test
    void refusesToStartWithoutANodeNameAndSaysWhichKey() {
        assumeTrue(System.getenv("NODE_NAME") == null, "NODE_NAME in the environment supplies the node name");

        assertRefusedNamingTheKey(withoutANode(), "kreboot.node-name");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("an invalid period", Map.of(SensorSettings.PERIOD, "often"), "kreboot.sensor.period"),
                Arguments.of("an unknown wire format", Map.of("kreboot.wire-format", "bogus"), "kreboot.wire-format"),
                Arguments.of("the registry format and a registry url that is not one", Map.of(
                        "kreboot.wire-format", "registry",
                        "kreboot.registry.url", "registry:8080"), "kreboot.registry.url"));
    }

    @ParameterizedTest(name = "refuses to start with {0} and says which key")
    @MethodSource("badSettings")
    void refusesToStartWithABadSettingAndSaysWhichKey(String what, Map<String, Object> changes, String key) {
        Map<String, Object> props = withoutANode();
        props.put(SensorSettings.NODE_NAME, "worker-1");
        props.putAll(changes);

        assertRefusedNamingTheKey(props, key);
    }
}
