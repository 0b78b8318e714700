package dev.kreboot.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.testing.TestBroker;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The deployed shell: starts against a real broker, answers health and Prometheus, refuses bad config. */
class ApplicationIT {

    @Test
    void servesHealthAndPrometheusMetrics() {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "kreboot.cluster", "it",
                "kreboot.topic-prefix", "t" + UUID.randomUUID().toString().substring(0, 8) + ".",
                "kafka.bootstrap.servers", TestBroker.bootstrapServers()));
             HttpClient client = HttpClient.create(server.getURL())) {
            assertEquals(200, client.toBlocking().exchange(HttpRequest.GET("/health"), String.class).code());
            String metrics = client.toBlocking().retrieve(HttpRequest.GET("/prometheus"));
            assertTrue(metrics.contains("kreboot_coordinator_slots_in_use"), "slot gauge exported");
        }
    }

    @Test
    void refusesToStartWithoutAClusterNameAndSaysWhichKey() {
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", TestBroker.bootstrapServers())).close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("kreboot.cluster"), root.getMessage());
    }

    @Test
    void refusesToStartWithAnUnknownWireFormatAndSaysWhichKey() {
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "kreboot.cluster", "it",
                "kreboot.topic-prefix", "t" + UUID.randomUUID().toString().substring(0, 8) + ".",
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                "kreboot.wire-format", "bogus")).close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("kreboot.wire-format"), root.getMessage());
    }
}
