package dev.kreboot.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.Topics;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.SensorApp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private SensorApp app;

    @BeforeAll
    void startApplicationOnAHostWithoutABootId(@TempDir Path root) throws IOException {
        HostFolder host = new HostFolder(root).withRunDir();
        Files.delete(host.bootId());
        Map<String, Object> props = SensorApp.properties(host, "sick-node",
                Topics.withPrefix("t" + UUID.randomUUID() + ".").prefix());
        props.put("endpoints.health.details-visible", "ANONYMOUS");
        app = SensorApp.start(props);
    }

    @AfterAll
    void stopApplication() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void reportsTheProbeErrorAsNotReady() throws Exception {
        HttpResponse<String> response = app.get("/health/readiness");

        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.body().contains("boot id file"), response.body());
    }

    @Test
    void staysAliveSoKubernetesDoesNotRestartItForAHostProblem() throws Exception {
        HttpResponse<String> response = app.get("/health/liveness");

        assertEquals(200, response.statusCode(), response.body());
    }
}
