package dev.kreboot.schemas.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.Headers;
import dev.kreboot.schemas.MetricNames;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Samples;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Through a real broker: bad bytes go to the DLQ with their error, good ones are handled, nothing stops. */
class DeadLettersIT {

    @Test
    void parksUndecodableRecordsInTheDlqAndCarriesOn() throws Exception {
        Topics topics = Topics.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8) + ".");
        KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        TopicProvisioner.ensure(clients, topics.specs(3), (short) 1);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        var format = new SingleObjectWireFormat();

        try (KafkaProducer<String, byte[]> producer = clients.producer("test-producer")) {
            RecordSender sender = new RecordSender(producer, format, metrics);
            sender.send(topics.nodeStatus(), "node-1", Samples.status("node-1", true, 1));
            producer.send(new ProducerRecord<>(topics.nodeStatus(), "node-2",
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
            sender.send(topics.nodeStatus(), "node-3", Samples.status("node-3", false, 2));

            List<SpecificRecord> handled = new CopyOnWriteArrayList<>();
            KafkaConsumer<String, byte[]> consumer = clients.consumer("test-consumer", "g-" + UUID.randomUUID());
            consumer.subscribe(List.of(topics.nodeStatus()));
            DeadLetters deadLetters = new DeadLetters(producer, format, topics.dlq(), "test-consumer", metrics);
            try (RecordPump pump = new RecordPump("test", consumer, deadLetters,
                    (raw, value) -> handled.add(value), true).start()) {
                Await.until(Duration.ofSeconds(30), "two good records", () -> handled.size() == 2);
            }
            assertEquals(List.of("node-1", "node-3"),
                    handled.stream().map(r -> ((NodeStatus) r).getHeader().getNode()).toList());

            try (KafkaConsumer<String, byte[]> dlq = clients.consumer("dlq-reader", null)) {
                var partition = new org.apache.kafka.common.TopicPartition(topics.dlq(), 0);
                dlq.assign(List.of(partition));
                dlq.seekToBeginning(List.of(partition));
                List<ConsumerRecord<String, byte[]>> parked = new CopyOnWriteArrayList<>();
                Await.until(Duration.ofSeconds(30), "the DLQ record", () -> {
                    dlq.poll(Duration.ofMillis(100)).forEach(parked::add);
                    return !parked.isEmpty();
                });
                ConsumerRecord<String, byte[]> record = parked.get(0);
                assertEquals("node-2", record.key());
                assertEquals("not avro", new String(record.value(), StandardCharsets.UTF_8));
                assertEquals("NOT_SINGLE_OBJECT", header(record, Headers.DLQ_REASON));
                assertEquals(topics.nodeStatus(), header(record, Headers.DLQ_SOURCE_TOPIC));
                assertEquals("1", header(record, Headers.DLQ_SOURCE_OFFSET));
                assertEquals("test-consumer", header(record, Headers.DLQ_CONSUMER));
            }
            assertEquals(1.0, metrics.counter(MetricNames.DLQ_MESSAGES, "topic", topics.nodeStatus(),
                    "reason", "NOT_SINGLE_OBJECT").count());
        }
    }

    @Test
    void aFailingHandlerGetsTheSameRecordAgainAndNothingIsSkipped() throws Exception {
        Topics topics = Topics.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8) + ".");
        KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        TopicProvisioner.ensure(clients, topics.specs(1), (short) 1);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        var format = new SingleObjectWireFormat();
        try (KafkaProducer<String, byte[]> producer = clients.producer("p")) {
            RecordSender sender = new RecordSender(producer, format, metrics);
            for (int i = 1; i <= 3; i++) {
                sender.send(topics.progress(), "node-" + i, Samples.status("node-" + i, true, i));
            }
            List<String> seen = new CopyOnWriteArrayList<>();
            int[] failuresLeft = {2};
            KafkaConsumer<String, byte[]> consumer = clients.consumer("c", "g-" + UUID.randomUUID());
            consumer.subscribe(List.of(topics.progress()));
            DeadLetters deadLetters = new DeadLetters(producer, format, topics.dlq(), "c", metrics);
            try (RecordPump pump = new RecordPump("retry", consumer, deadLetters, (raw, value) -> {
                String node = ((NodeStatus) value).getHeader().getNode();
                if (node.equals("node-2") && failuresLeft[0]-- > 0) {
                    seen.add("fail:" + node);
                    throw new IllegalStateException("endpoint down");
                }
                seen.add(node);
            }, true).start()) {
                Await.until(Duration.ofSeconds(30), "all three handled", () -> seen.contains("node-3"));
            }
            assertEquals(List.of("node-1", "fail:node-2", "fail:node-2", "node-2", "node-3"), seen);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
