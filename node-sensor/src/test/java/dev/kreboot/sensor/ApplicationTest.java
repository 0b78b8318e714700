package dev.kreboot.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.SensorApp;
import dev.kreboot.sensor.testing.TopicReader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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
    private Path root;
    private HostFolder host;
    private SensorApp app;

    @BeforeAll
    void startApplication() throws IOException {
        root = Files.createTempDirectory("kreboot-sensor-app-");
        host = new HostFolder(root).withRunDir();
        host.createSentinel();
        app = SensorApp.start(SensorApp.properties(host, "app-node-1", topics.prefix()));
    }

    @AfterAll
    void stopApplication() {
        if (app != null) {
            app.close();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder: leaving it behind is harmless
        }
    }

    @Test
    void answersHealthWhileTheBrokerIsUp() throws Exception {
        HttpResponse<String> response = app.get("/health");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("UP"), response.body());
    }

    @Test
    void exposesKuredsGaugeOnThePrometheusEndpoint() throws Exception {
        HttpResponse<String> response = app.get("/prometheus");

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
}
