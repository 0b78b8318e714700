package dev.kreboot.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.Scripts;
import dev.kreboot.sensor.testing.SensorApp;
import dev.kreboot.sensor.testing.TopicReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployed shell picks command mode from its configuration, empty prefix included. */
class CommandModeApplicationTest {

    @Test
    void runsTheConfiguredSentinelCommandAndPublishesWhatItSays(@TempDir Path root) {
        Topics topics = Topics.withPrefix("t" + UUID.randomUUID() + ".");
        HostFolder host = new HostFolder(root.resolve("host")).withRunDir();
        Map<String, Object> props = SensorApp.properties(host, "cmd-app-node", topics.prefix());
        props.put(SensorSettings.COMMAND, Scripts.exiting(root, 0).toString());
        props.put(SensorSettings.COMMAND_PREFIX, "");

        try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
             TopicReader reader = new TopicReader(TestBroker.bootstrapServers(), topics.nodeStatus())) {
            assertTrue(context.isRunning());
            NodeStatus status = (NodeStatus) reader.awaitRecord(Duration.ofSeconds(30),
                    record -> record.key().equals("cmd-app-node")).value();

            assertEquals(SensorMode.COMMAND, status.getSensorMode());
            assertTrue(status.getRebootRequired(), String.valueOf(status.getProbeError()));
        }
    }
}
