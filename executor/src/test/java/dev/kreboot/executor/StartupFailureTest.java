package dev.kreboot.executor;

import static dev.kreboot.schemas.testing.StartupRefusal.assertRefusedNaming;

import dev.kreboot.schemas.testing.TestBroker;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StartupFailureTest {

    static Stream<Arguments> refusedSettings() {
        return Stream.of(
                Arguments.of("a missing node name", Map.of(
                        "kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                        "kreboot.cluster", "test"), "kreboot.node-name"),
                Arguments.of("a missing bootstrap server", Map.of(
                        "kreboot.node-name", "node-a",
                        "kreboot.cluster", "test"), "kafka.bootstrap.servers"),
                Arguments.of("an unknown wire format", onTheTestBroker(
                        "kreboot.wire-format", "bogus"), "kreboot.wire-format"),
                Arguments.of("a registry url that is not a url", onTheTestBroker(
                        "kreboot.wire-format", "registry",
                        "kreboot.registry.url", "ftp://registry"), "kreboot.registry.url"));
    }

    /** The test broker, a node name and a cluster, without creating topics; then {@code changes}. */
    private static Map<String, Object> onTheTestBroker(String... changes) {
        Map<String, Object> props = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                "kreboot.node-name", "node-a",
                "kreboot.cluster", "test",
                "kreboot.create-topics", "false"));
        for (int i = 0; i < changes.length; i += 2) {
            props.put(changes[i], changes[i + 1]);
        }
        return props;
    }

    @ParameterizedTest(name = "{0} fails start-up naming {2}")
    @MethodSource("refusedSettings")
    void badSettingsFailStartUpNamingTheKey(String setting, Map<String, Object> props, String key) {
        assertRefusedNaming(Throwable.class, () -> ApplicationContext.run(props).close(), key);
    }
}
