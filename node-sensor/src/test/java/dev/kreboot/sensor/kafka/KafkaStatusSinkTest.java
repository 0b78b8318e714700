package dev.kreboot.sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.sensor.app.NodeSensor;
import dev.kreboot.sensor.app.StatusSink;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaStatusSinkTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final Topics topics = Topics.withPrefix("t" + UUID.randomUUID() + ".");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private String bootstrap;
    private StatusTopicSink statusTopic;
    private KafkaStatusSink sink;

    @TempDir
    Path root;

    @BeforeAll
    void startClients() {
        bootstrap = TestBroker.bootstrapServers();
        statusTopic = new StatusTopicSink(topics, "node-sensor-test", registry);
        sink = statusTopic.sink();
    }

    @AfterAll
    void closeClients() {
        statusTopic.close();
    }

    @Test
    void publishesTheStatusKeyedByNodeInTheContractsWireFormat() {
        HostFolder host = new HostFolder(root.resolve("direct")).withRunDir();
        host.createSentinel();
        host.writePackages("openssl");
        RecordingStatuses published = new RecordingStatuses(sink);
        try (NodeSensor sensor = new NodeSensor(host.settings("worker-7", SensorSettings.PERIOD, "1h"), published,
                Clock.systemUTC())) {
            sensor.start();
        }
        NodeStatus sent = published.first();

        try (TopicReader reader = new TopicReader(bootstrap, topics.nodeStatus())) {
            TopicReader.Received received = reader.awaitRecord(DEADLINE, record -> record.key().equals("worker-7"));

            NodeStatus status = assertInstanceOf(NodeStatus.class, received.value());
            assertEquals(sent, status);
            assertTrue(status.getRebootRequired());
            assertEquals(List.of("openssl"), status.getPackages());
        }
    }

    @Test
    void deliversASentinelCreatedOnTheHostToTheTopic() {
        HostFolder host = new HostFolder(root.resolve("watched")).withRunDir();
        try (NodeSensor sensor = new NodeSensor(host.settings("worker-8", SensorSettings.PERIOD, "1h"), sink,
                Clock.systemUTC());
             TopicReader reader = new TopicReader(bootstrap, topics.nodeStatus())) {
            sensor.start();
            reader.awaitRecord(DEADLINE, record -> record.key().equals("worker-8"));

            host.createSentinel();

            TopicReader.Received received = reader.awaitRecord(DEADLINE, record -> record.key().equals("worker-8")
                    && ((NodeStatus) record.value()).getRebootRequired());
            assertEquals("worker-8", ((NodeStatus) received.value()).getHeader().getNode());
        }
        assertTrue(registry.get("kreboot.kafka.send").tags("topic", topics.nodeStatus(), "outcome", "ok")
                .timer().count() >= 2);
    }

    /** Passes statuses on and remembers them, to compare what was sent with what was stored. */
    private static final class RecordingStatuses implements StatusSink {
        private final StatusSink delegate;
        private final List<NodeStatus> sent = new CopyOnWriteArrayList<>();

        RecordingStatuses(StatusSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public void publish(NodeStatus status) {
            delegate.publish(status);
            sent.add(status);
        }

        NodeStatus first() {
            return sent.get(0);
        }
    }
}
