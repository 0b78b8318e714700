package dev.kreboot.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.Headers;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Samples;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordPump;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.testing.ApicurioRegistry;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
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
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry wire format through a real broker and a real Apicurio Registry. */
class RegistryWireFormatIT {
    private static URI registry;
    private final Topics topics = Topics.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.url();
    }

    private WireFormat format(String wireFormat, boolean autoRegister) {
        return WireFormats.create(WireSettings.from(Map.of("kreboot.wire-format", wireFormat,
                "kreboot.registry.url", registry.toString(),
                "kreboot.registry.auto-register", Boolean.toString(autoRegister))));
    }

    @Test
    void roundTripsEveryRecordTypeThroughTheBrokerInTheRegistryFormat() throws Exception {
        TopicProvisioner.ensure(clients, topics.specs(1), (short) 1);
        WireFormat writer = format("registry", true);
        try (KafkaProducer<String, byte[]> producer = clients.producer("registry-writer")) {
            RecordSender sender = new RecordSender(producer, writer, metrics);
            List<SpecificRecord> everyType = Samples.everyType();
            for (SpecificRecord record : everyType) {
                sender.send(topics.decisions(), "node-1", record);
            }
            // A reader configured for single-object writing still reads registry-framed records.
            List<SpecificRecord> read = consume(producer, format("single-object", false), everyType.size());
            assertEquals(everyType, read);

            HttpClient http = HttpClient.newHttpClient();
            for (ConsumerRecord<String, byte[]> raw : rawRecords(topics.decisions(), everyType.size())) {
                assertEquals(0, raw.value()[0], "magic byte");
                int id = ByteBuffer.wrap(raw.value(), 1, 4).getInt();
                // What a Confluent client does with the id: fetch the writer schema from ccompat.
                HttpResponse<String> schema = http.send(HttpRequest.newBuilder(
                        registry.resolve("/apis/ccompat/v7/schemas/ids/" + id)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, schema.statusCode(), schema.body());
                assertTrue(schema.body().contains("dev.kreboot.schemas"), schema.body());
            }
        }
    }

    @Test
    void readsAMixedTopicOfBothFormatsAndParksWhatIsNeither() throws Exception {
        TopicProvisioner.ensure(clients, topics.specs(1), (short) 1);
        try (KafkaProducer<String, byte[]> producer = clients.producer("mixed-writer")) {
            RecordSender single = new RecordSender(producer, format("single-object", false), metrics);
            RecordSender viaRegistry = new RecordSender(producer, format("registry", true), metrics);
            single.send(topics.nodeStatus(), "node-1", Samples.status("node-1", true, 1));
            viaRegistry.send(topics.nodeStatus(), "node-2", Samples.status("node-2", true, 2));
            producer.send(new ProducerRecord<>(topics.nodeStatus(), "node-3",
                    "{\"json\":true}".getBytes(StandardCharsets.UTF_8))).get();
            viaRegistry.send(topics.nodeStatus(), "node-4", Samples.status("node-4", false, 4));
            single.send(topics.nodeStatus(), "node-5", Samples.status("node-5", false, 5));
            // Registry framing with an id the registry never issued.
            producer.send(new ProducerRecord<>(topics.nodeStatus(), "node-6",
                    new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 2, 4})).get();
            single.send(topics.nodeStatus(), "node-7", Samples.status("node-7", false, 7));

            List<SpecificRecord> read = consumeFrom(topics.nodeStatus(), producer, format("registry", false), 5);
            assertEquals(List.of("node-1", "node-2", "node-4", "node-5", "node-7"),
                    read.stream().map(r -> ((NodeStatus) r).getHeader().getNode()).toList());

            List<ConsumerRecord<String, byte[]>> parked = rawRecords(topics.dlq(), 2);
            assertEquals(List.of("node-3 UNKNOWN_FORMAT", "node-6 UNKNOWN_SCHEMA"), parked.stream()
                    .map(r -> r.key() + " " + new String(r.headers().lastHeader(Headers.DLQ_REASON).value(),
                            StandardCharsets.UTF_8)).toList());
        }
    }

    private List<SpecificRecord> consume(KafkaProducer<String, byte[]> producer, WireFormat reader, int count) {
        return consumeFrom(topics.decisions(), producer, reader, count);
    }

    private List<SpecificRecord> consumeFrom(String topic, KafkaProducer<String, byte[]> producer, WireFormat reader,
                                             int count) {
        List<SpecificRecord> handled = new CopyOnWriteArrayList<>();
        KafkaConsumer<String, byte[]> consumer = clients.consumer("reader", "g-" + UUID.randomUUID());
        consumer.subscribe(List.of(topic));
        DeadLetters deadLetters = new DeadLetters(producer, reader, topics.dlq(), "reader", metrics);
        try (RecordPump pump = new RecordPump("reader", consumer, deadLetters, (raw, value) -> handled.add(value),
                true).start()) {
            Await.until(Duration.ofSeconds(30), count + " records", () -> handled.size() >= count);
        }
        return List.copyOf(handled);
    }

    private List<ConsumerRecord<String, byte[]>> rawRecords(String topic, int count) {
        List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("raw-reader", null)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Await.until(Duration.ofSeconds(30), count + " raw records on " + topic, () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }
}
