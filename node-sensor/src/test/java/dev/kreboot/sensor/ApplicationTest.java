package dev.kreboot.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.TopicReader;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The deployed shell: the sensor runs, publishes to Kafka, and serves health and metrics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationTest {
    private final Topics topics = Topics.withPrefix("t" + UUID.randomUUID() + ".");
    private final HttpClient http = HttpClient.newHttpClient();
    private Path root;
    private HostFolder host;
    private EmbeddedServer server;

    @BeforeAll
    void startApplication() throws IOException {
        root = Files.createTempDirectory("kreboot-sensor-app-");
        host = new HostFolder(root).withRunDir();
        host.createSentinel();
        Map<String, Object> props = new HashMap<>(host.properties("app-node-1"));
        props.put("micronaut.server.port", -1);
        props.put(SensorSettings.BOOTSTRAP_SERVERS, TestBroker.bootstrapServers());
        props.put(SensorSettings.TOPIC_PREFIX, topics.prefix());
        props.put(SensorSettings.PERIOD, "1h");
        server = ApplicationContext.run(EmbeddedServer.class, props);
    }

    @AfterAll
    void stopApplication() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder: leaving it behind is harmless
        }
    }

    @Test
    void answersHealthWhileTheBrokerIsUp() throws Exception {
        HttpResponse<String> response = get("/health");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("UP"), response.body());
    }

    @Test
    void exposesKuredsGaugeOnThePrometheusEndpoint() throws Exception {
        HttpResponse<String> response = get("/prometheus");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
                response.headers().toString());
        assertTrue(response.body().contains("kured_reboot_required{node=\"app-node-1\"} 1.0"), response.body());
        assertTrue(response.body().contains("kreboot_sensor_status_published_total"), response.body());
        for (String metric : List.of("kreboot_sensor_checks_total{node=\"app-node-1\",result=\"required\"}",
                "kreboot_sensor_detections_total{node=\"app-node-1\"}",
                "kreboot_sensor_errors_total{kind=\"command-timeout\",node=\"app-node-1\"} 0.0",
                "kreboot_sensor_last_check_timestamp_seconds{node=\"app-node-1\"}")) {
            assertTrue(response.body().contains(metric), metric + " in " + response.body());
        }
    }

    @Test
    void publishesTheNodesStatusToTheTopicOnStart() {
        try (TopicReader reader = new TopicReader(TestBroker.bootstrapServers(), topics.nodeStatus())) {
            TopicReader.Received received = reader.awaitRecord(Duration.ofSeconds(30),
                    record -> record.key().equals("app-node-1"));

            NodeStatus status = (NodeStatus) received.value();
            assertTrue(status.getRebootRequired());
            assertEquals("boot-1", status.getBootId());
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
