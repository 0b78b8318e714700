package dev.kreboot.sensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kreboot.sensor.config.SensorSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

    @Test
    void refusesToStartWithoutANodeNameAndSaysWhichKey() {
        assumeTrue(System.getenv("NODE_NAME") == null, "NODE_NAME in the environment supplies the node name");
        Map<String, Object> props = Map.of(
                "micronaut.server.port", -1,
                SensorSettings.CLUSTER, "test-cluster",
                SensorSettings.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                SensorSettings.CREATE_TOPICS, "false");

        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> ApplicationContext.run(EmbeddedServer.class, props).close());

        assertTrue(messages(failure).contains("kreboot.node-name"), messages(failure));
    }

    @Test
    void refusesToStartWithAnInvalidPeriodAndSaysWhichKey() {
        Map<String, Object> props = Map.of(
                "micronaut.server.port", -1,
                SensorSettings.NODE_NAME, "worker-1",
                SensorSettings.CLUSTER, "test-cluster",
                SensorSettings.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                SensorSettings.CREATE_TOPICS, "false",
                SensorSettings.PERIOD, "often");

        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> ApplicationContext.run(EmbeddedServer.class, props).close());

        assertTrue(messages(failure).contains("kreboot.sensor.period"), messages(failure));
    }

    @Test
    void refusesToStartWithAnUnknownWireFormatAndSaysWhichKey() {
        Map<String, Object> props = Map.of(
                "micronaut.server.port", -1,
                SensorSettings.NODE_NAME, "worker-1",
                SensorSettings.CLUSTER, "test-cluster",
                SensorSettings.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                SensorSettings.CREATE_TOPICS, "false",
                "kreboot.wire-format", "bogus");

        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> ApplicationContext.run(EmbeddedServer.class, props).close());

        assertTrue(messages(failure).contains("kreboot.wire-format"), messages(failure));
    }

    @Test
    void refusesToStartInTheRegistryFormatWithoutARegistryUrlAndSaysWhichKey() {
        Map<String, Object> props = Map.of(
                "micronaut.server.port", -1,
                SensorSettings.NODE_NAME, "worker-1",
                SensorSettings.CLUSTER, "test-cluster",
                SensorSettings.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                SensorSettings.CREATE_TOPICS, "false",
                "kreboot.wire-format", "registry",
                "kreboot.registry.url", "registry:8080");

        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> ApplicationContext.run(EmbeddedServer.class, props).close());

        assertTrue(messages(failure).contains("kreboot.registry.url"), messages(failure));
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
