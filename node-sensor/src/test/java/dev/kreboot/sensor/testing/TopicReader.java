package dev.kreboot.sensor.testing;

import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import dev.kreboot.schemas.wire.UndecodableMessageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads a topic from the beginning with a fresh group and decodes with the contract's wire format. */
public final class TopicReader implements AutoCloseable {
    /** One record as it was stored: key and decoded value. */
    public record Received(String key, SpecificRecord value) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final SingleObjectWireFormat format = new SingleObjectWireFormat();
    private final List<Received> received = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        String group = "test-" + UUID.randomUUID();
        this.consumer = new KafkaClients(bootstrapServers, java.util.Map.of()).consumer(group, group);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until a record matches or the deadline passes; returns every record read so far. */
    public Received awaitRecord(Duration timeout, Predicate<Received> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                try {
                    received.add(new Received(record.key(), format.decode(record.value())));
                } catch (UndecodableMessageException e) {
                    throw new AssertionError("undecodable record at offset " + record.offset(), e);
                }
            }
            for (Received candidate : received) {
                if (match.test(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("no matching record within " + timeout + "; read " + received);
    }

    /** Every record read so far, in topic order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The records read so far whose key is {@code key}, in topic order. */
    public List<Received> receivedFor(String key) {
        return received.stream().filter(record -> record.key().equals(key)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
