package dev.kreboot.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.Samples;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.testing.ApicurioRegistry;
import dev.kreboot.schemas.testing.OutsideReader;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that is not kreboot's code decodes kreboot's registry-format records: Confluent's Python
 * client and Apache Avro for Python, from Debian ({@code python3-confluent-kafka},
 * {@code python3-avro}, {@code python3-requests}). Skipped, with the reason logged, where they are
 * not installed.
 */
class OutsideReaderIT {

    @Test
    void confluentsPythonClientDecodesEveryRecordTypeFromTheRegistry(@TempDir Path dir) throws Exception {
        OutsideReader reader = OutsideReader.inOrSkip(dir);
        Topics topics = Topics.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8) + ".");
        KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        TopicProvisioner.ensure(clients, topics.specs(1), (short) 1);
        String registry = ApicurioRegistry.url().toString();
        WireFormat writer = WireFormats.create(WireSettings.from(Map.of("kreboot.wire-format", "registry",
                "kreboot.registry.url", registry, "kreboot.registry.auto-register", "true")));
        List<SpecificRecord> everyType = Samples.everyType();
        try (KafkaProducer<String, byte[]> producer = clients.producer("outside-writer")) {
            RecordSender sender = new RecordSender(producer, writer, new SimpleMeterRegistry());
            for (SpecificRecord record : everyType) {
                sender.send(topics.decisions(), "node-1", record);
            }
        }

        List<String> read = reader.read(TestBroker.bootstrapServers(), topics.decisions(), registry,
                everyType.size());
        assertEquals(everyType.stream().map(r -> r.getSchema().getFullName() + " "
                + ((dev.kreboot.schemas.EventHeader) r.get(r.getSchema().getField("header").pos())).getNode())
                .toList(), read);
    }
}
