package dev.kreboot.sensor.kafka;

import static dev.kreboot.sensor.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.testing.EmbeddedKafka;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import dev.kreboot.sensor.app.NodeSensor;
import dev.kreboot.sensor.app.SensorMetrics;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.host.DirectoryWatchHub;
import dev.kreboot.sensor.host.FileSentinelProbe;
import dev.kreboot.sensor.testing.HostFolder;
import dev.kreboot.sensor.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while the node changes and comes back: the sensor keeps looking, and once
 * the broker is back the latest status reaches the topic, with nothing older after it. The test
 * owns its broker (stopped and restarted on a fixed port), so the shared test broker stays up.
 */
class KafkaOutageTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String NODE = "outage-node";

    @TempDir
    Path root;

    @Test
    void publishesTheLatestStatusOnceTheBrokerIsBackAndNothingStaleAfterIt() throws IOException {
        Topics topics = Topics.withPrefix("t" + UUID.randomUUID() + ".");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HostFolder host = new HostFolder(root).withRunDir();
        SensorSettings settings = host.settings(NODE, SensorSettings.PERIOD, "1h");
        try (EmbeddedKafka kafka = new EmbeddedKafka(freePort()).start()) {
            TopicProvisioner.ensure(new KafkaClients(kafka.bootstrapServers(), Map.of()), topics.specs(1).stream()
                    .filter(spec -> spec.name().equals(topics.nodeStatus())).toList(), (short) 1);
            // Short client timeouts, so attempts fail during the outage instead of waiting a minute.
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000,
                    ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
            try (KafkaProducer<String, byte[]> producer = clients.producer("outage-test");
                 NodeSensor sensor = new NodeSensor(settings, FileSentinelProbe.of(settings),
                         new KafkaStatusSink(new RecordSender(producer, new SingleObjectWireFormat(), registry), topics),
                         Clock.systemUTC(), registry, DirectoryWatchHub.shared(), Duration.ofMillis(100),
                         Duration.ofSeconds(1))) {
                sensor.start();
                await(DEADLINE, () -> sensor.lastPublishedSequence() == 1, () -> "the first status published");

                kafka.stop();
                host.createSentinel();
                await(DEADLINE, () -> sensor.lastReport().rebootRequired(),
                        () -> "the sensor noticing the sentinel while the broker is down");
                host.writePackages("linux-image-6.1.0-29-amd64");
                await(DEADLINE, () -> !sensor.lastReport().packages().isEmpty(), () -> "the packages noticed");
                await(DEADLINE, () -> publishErrors(registry) >= 1, () -> "a refused publish");
                sensor.probeNow();
                long latest = sensor.lastReport().sequence();
                assertTrue(sensor.lastPublishedSequence() < latest, "nothing newer got through the outage");

                kafka.start();

                await(DEADLINE, () -> sensor.published() && sensor.lastPublishedSequence() >= latest,
                        () -> "status #" + latest + " or newer published after the broker came back");
                long last = sensor.lastPublishedSequence();
                assertEquals(sensor.lastReport().sequence(), last);
                try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.nodeStatus())) {
                    reader.awaitRecord(DEADLINE, record -> ((NodeStatus) record.value()).getSequence() == last);
                    List<TopicReader.Received> records = reader.receivedFor(NODE);
                    for (int i = 1; i < records.size(); i++) {
                        assertTrue(sequence(records.get(i - 1)) < sequence(records.get(i)),
                                "no status after a newer one: " + records);
                    }
                    NodeStatus newest = (NodeStatus) records.get(records.size() - 1).value();
                    assertEquals(last, newest.getSequence());
                    assertTrue(newest.getRebootRequired());
                    assertEquals(List.of("linux-image-6.1.0-29-amd64"), newest.getPackages());
                    assertTrue(records.size() < last, "statuses overtaken during the outage were not sent: "
                            + records.size() + " records for " + last + " statuses");
                }
            }
        }
    }

    private static double publishErrors(SimpleMeterRegistry registry) {
        return registry.get(SensorMetrics.ERRORS).tags("node", NODE, "kind", SensorMetrics.KIND_PUBLISH)
                .counter().count();
    }

    private static long sequence(TopicReader.Received record) {
        return ((NodeStatus) record.value()).getSequence();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
