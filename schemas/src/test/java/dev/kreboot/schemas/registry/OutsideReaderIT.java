package dev.kreboot.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.Samples;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.testing.ApicurioRegistry;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader that is not kreboot's code decodes kreboot's registry-format records: Confluent's Python
 * client and Apache Avro for Python, from Debian ({@code python3-confluent-kafka},
 * {@code python3-avro}, {@code python3-requests}). Skipped, with the reason logged, where they are
 * not installed.
 */
class OutsideReaderIT {
    private static final Logger LOG = LoggerFactory.getLogger(OutsideReaderIT.class);
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void confluentsPythonClientDecodesEveryRecordTypeFromTheRegistry(@TempDir Path dir) throws Exception {
        String missing = pythonModulesMissing();
        if (missing != null) {
            LOG.warn("skipping the outside reader: {}", missing);
            Assumptions.abort(missing);
        }
        Path script = dir.resolve("outside_reader.py");
        try (InputStream in = OutsideReaderIT.class.getResourceAsStream("outside_reader.py")) {
            Files.write(script, in.readAllBytes());
        }
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

        Path output = dir.resolve("out.txt");
        Process python = new ProcessBuilder(PYTHON, script.toString(), TestBroker.bootstrapServers(),
                topics.decisions(), registry, Integer.toString(everyType.size()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!python.waitFor(90, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new AssertionError("outside reader did not finish: " + Files.readString(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, python.exitValue(), text);
        List<String> read = text.lines().map(line -> line.split(" ")).filter(parts -> parts.length == 3)
                .map(parts -> parts[0] + " " + parts[1]).toList();
        assertEquals(everyType.stream().map(r -> r.getSchema().getFullName() + " "
                + ((dev.kreboot.schemas.EventHeader) r.get(r.getSchema().getField("header").pos())).getNode())
                .toList(), read, text);
    }

    private static String pythonModulesMissing() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " not found";
        }
        try {
            Process check = new ProcessBuilder(PYTHON, "-c",
                    "import confluent_kafka, avro.io, requests; from confluent_kafka.schema_registry import SchemaRegistryClient")
                    .redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
                return "python3-confluent-kafka, python3-avro or python3-requests missing: " + out.strip();
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return "cannot run " + PYTHON + ": " + e;
        }
    }
}
