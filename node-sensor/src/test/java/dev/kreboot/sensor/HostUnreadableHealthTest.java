package dev.kreboot.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.testing.HostFolder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A host the sensor cannot read makes the service not ready, but keeps it alive (no crash loop). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostUnreadableHealthTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedServer server;

    @BeforeAll
    void startApplicationOnAHostWithoutABootId(@TempDir Path root) throws IOException {
        HostFolder host = new HostFolder(root).withRunDir();
        Files.delete(host.bootId());
        Map<String, Object> props = new HashMap<>(host.properties("sick-node"));
        props.put("micronaut.server.port", -1);
        props.put("endpoints.health.details-visible", "ANONYMOUS");
        props.put(SensorSettings.BOOTSTRAP_SERVERS, TestBroker.bootstrapServers());
        props.put(SensorSettings.TOPIC_PREFIX, Topics.withPrefix("t" + UUID.randomUUID() + ".").prefix());
        props.put(SensorSettings.PERIOD, "1h");
        server = ApplicationContext.run(EmbeddedServer.class, props);
    }

    @AfterAll
    void stopApplication() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Test
    void reportsTheProbeErrorAsNotReady() throws Exception {
        HttpResponse<String> response = get("/health/readiness");

        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("boot id file"), response.body());
    }

    @Test
    void staysAliveSoKubernetesDoesNotRestartItForAHostProblem() throws Exception {
        HttpResponse<String> response = get("/health/liveness");

        assertEquals(200, response.statusCode(), response.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
