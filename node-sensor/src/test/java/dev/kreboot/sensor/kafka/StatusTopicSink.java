package dev.kreboot.sensor.kafka;

import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The node-status topic of {@code topics}, created on the shared test broker, and a
 * {@link KafkaStatusSink} that publishes to it in the contract's wire format, timing its sends in
 * {@code registry}. Closing it closes the producer.
 */
final class StatusTopicSink implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaStatusSink sink;

    StatusTopicSink(Topics topics, String clientId, MeterRegistry registry) {
        KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        TopicProvisioner.ensure(clients, topics.specs(1).stream()
                .filter(spec -> spec.name().equals(topics.nodeStatus())).toList(), (short) 1);
        producer = clients.producer(clientId);
        sink = new KafkaStatusSink(new RecordSender(producer, new SingleObjectWireFormat(), registry), topics);
    }

    KafkaStatusSink sink() {
        return sink;
    }

    @Override
    public void close() {
        producer.close();
    }
}
