package dev.kreboot.sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.sensor.app.NodeSensor;
import dev.kreboot.sensor.app.SensorMetrics;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.host.DirectoryWatchHub;
import dev.kreboot.sensor.host.SentinelProbes;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.Scripts;
import dev.kreboot.sensor.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command mode end to end: a shell script as the sentinel command (no nsenter prefix), the sensor,
 * the Kafka sink and a real broker; each case asserts what a consumer of the topic reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandModeToTopicTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final Topics topics = Topics.withPrefix("t" + UUID.randomUUID() + ".");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<NodeSensor> sensors = new ArrayList<>();
    private StatusTopicSink statusTopic;

    @TempDir
    Path root;

    @BeforeAll
    void startClients() {
        statusTopic = new StatusTopicSink(topics, "command-mode-test", registry);
    }

    @AfterEach
    void closeSensors() {
        sensors.forEach(NodeSensor::close);
        sensors.clear();
    }

    @AfterAll
    void closeClients() {
        statusTopic.close();
    }

    private NodeSensor start(String node, Path command, String... extra) {
        HostFolder host = new HostFolder(root.resolve(node)).withRunDir();
        List<String> props = new ArrayList<>(List.of(SensorSettings.COMMAND, command.toString(),
                SensorSettings.COMMAND_PREFIX, "", SensorSettings.PERIOD, "1h"));
        props.addAll(List.of(extra));
        SensorSettings settings = host.settings(node, props.toArray(String[]::new));
        NodeSensor sensor = new NodeSensor(settings, SentinelProbes.of(settings), statusTopic.sink(), Clock.systemUTC(), registry,
                DirectoryWatchHub.shared());
        sensors.add(sensor);
        sensor.start();
        return sensor;
    }

    /** The first status {@code node} publishes once started with {@code command}, as a consumer reads it. */
    private NodeStatus firstStatus(String node, Path command, String... extra) {
        try (TopicReader reader = new TopicReader(TestBroker.bootstrapServers(), topics.nodeStatus())) {
            start(node, command, extra);
            return awaitStatus(reader, node, s -> true);
        }
    }

    private static NodeStatus awaitStatus(TopicReader reader, String node, Predicate<NodeStatus> match) {
        return (NodeStatus) reader.awaitRecord(DEADLINE,
                record -> record.key().equals(node) && match.test((NodeStatus) record.value())).value();
    }

    private double errors(String node, String kind) {
        return registry.get(SensorMetrics.ERRORS).tags("node", node, "kind", kind).counter().count();
    }

    @Test
    void publishesRebootRequiredWhenTheCommandExitsWithZero() {
        NodeStatus status = firstStatus("cmd-exit-0", Scripts.exiting(root, 0));

        assertTrue(status.getRebootRequired());
        assertEquals(SensorMode.COMMAND, status.getSensorMode());
        assertNull(status.getProbeError());
        assertEquals("boot-1", status.getBootId());
        assertTrue(status.getSentinelSeenAt() != null);
    }

    @Test
    void publishesNotRequiredWhenTheCommandExitsWithOne() {
        NodeStatus status = firstStatus("cmd-exit-1", Scripts.exiting(root, 1));

        assertFalse(status.getRebootRequired());
        assertNull(status.getProbeError());
        assertEquals(SensorMode.COMMAND, status.getSensorMode());
    }

    @Test
    void publishesNotRequiredWithTheErrorAndCountsItWhenTheCommandExitsWithTwo() {
        NodeStatus status = firstStatus("cmd-exit-2", Scripts.exiting(root, 2));

        assertFalse(status.getRebootRequired());
        assertTrue(status.getProbeError().contains("exited with 2"), status.getProbeError());
        assertEquals(1.0, errors("cmd-exit-2", "command-exit-code"));
    }

    @Test
    void publishesNotRequiredWithTheErrorWhenTheCommandTimesOut() {
        Path hanging = Scripts.script(root, "hang.sh", "exec sleep 60");
        NodeStatus status = firstStatus("cmd-timeout", hanging, SensorSettings.COMMAND_TIMEOUT, "300ms");

        assertFalse(status.getRebootRequired());
        assertTrue(status.getProbeError().contains("still running after PT0.3S; killed it"), status.getProbeError());
        assertEquals(1.0, errors("cmd-timeout", "command-timeout"));
    }

    @Test
    void reportsACommandThatCannotStartAndRetriesItOnEveryResyncUntilItAppears() throws IOException {
        Path missing = root.resolve("installed-later.sh");
        try (TopicReader reader = new TopicReader(TestBroker.bootstrapServers(), topics.nodeStatus())) {
            start("cmd-missing", missing, SensorSettings.PERIOD, "100ms");

            NodeStatus first = awaitStatus(reader, "cmd-missing", s -> true);
            assertFalse(first.getRebootRequired());
            assertTrue(first.getProbeError().contains("cannot start sentinel command"), first.getProbeError());
            NodeStatus retried = awaitStatus(reader, "cmd-missing", s -> s.getSequence() > first.getSequence());
            assertTrue(retried.getProbeError().contains("cannot start"), retried.getProbeError());
            assertTrue(errors("cmd-missing", "command-start") >= 2);

            Files.move(Scripts.exiting(root, 0), missing);

            NodeStatus recovered = awaitStatus(reader, "cmd-missing", NodeStatus::getRebootRequired);
            assertNull(recovered.getProbeError());
        }
    }

    @Test
    void pollsTheCommandOnTheResyncPeriod() throws IOException {
        Path flag = root.resolve("needs-reboot.flag");
        Path check = Scripts.script(root, "flag.sh", "[ -e " + flag + " ] && exit 0 || exit 1");
        try (TopicReader reader = new TopicReader(TestBroker.bootstrapServers(), topics.nodeStatus())) {
            start("cmd-poll", check, SensorSettings.PERIOD, "100ms");
            awaitStatus(reader, "cmd-poll", s -> !s.getRebootRequired() && s.getProbeError() == null);

            Files.createFile(flag);

            awaitStatus(reader, "cmd-poll", NodeStatus::getRebootRequired);
        }
    }
}
