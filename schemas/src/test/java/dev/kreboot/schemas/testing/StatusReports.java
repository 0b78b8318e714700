package dev.kreboot.schemas.testing;

import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A node's status as the sensor publishes it (single-object framing, the first status of boot
 * {@code boot-<node>}), written to {@link TestBroker}: how the coordinator's and the kubectl
 * plugin's tests make a node known to a running coordinator.
 */
public final class StatusReports {

    private StatusReports() {
    }

    /** Publishes {@code node}'s status on {@code topicPrefix}'s node-status topic and waits until it is written. */
    public static void report(String topicPrefix, String node, boolean rebootRequired) {
        KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        try (KafkaProducer<String, byte[]> producer = clients.producer("status-reports-" + node)) {
            new RecordSender(producer, new SingleObjectWireFormat(), new SimpleMeterRegistry())
                    .send(Topics.withPrefix(topicPrefix).nodeStatus(), node, NodeStatus.newBuilder()
                            .setHeader(new Events("it", "node-sensor", "it").header(node, null, Instant.now()))
                            .setRebootRequired(rebootRequired).setBootId("boot-" + node).setSensorMode(SensorMode.FILE)
                            .setSequence(1).build());
        }
    }
}
