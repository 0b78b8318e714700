package dev.kreboot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.EventHeader;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.testing.ApicurioRegistry;
import dev.kreboot.schemas.testing.OutsideReader;
import dev.kreboot.schemas.testing.EmbeddedKafka;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * The sandbox in the schema-registry wire format against a real Apicurio Registry and an outside
 * broker (so the topics outlive the run): the happy rollout passes, every record on its topics is
 * registry-framed, and a reader that is not kreboot's code (Confluent's Python client with Apache
 * Avro for Python, the script the schemas module's OutsideReaderIT uses, from the schemas test-jar)
 * decodes every one of them through the registry. The Python part is skipped, with the reason
 * logged, where {@code python3-confluent-kafka} or {@code python3-avro} are not installed.
 */
class RegistryFormatSandboxIT {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFormatSandboxIT.class);
    private static EmbeddedKafka broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafka().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aHappyRunInTheRegistryFormatPassesAndAnOutsideReaderDecodesEveryRecordOfItsTopics(@TempDir Path dir)
            throws Exception {
        String registry = ApicurioRegistry.url().toString();
        Path report = dir.resolve("r.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--nodes", "4", "--needs-reboot", "2", "--concurrency", "2",
                "--seed", "21", "--wire-format", "registry", "--registry-url", registry,
                "--bootstrap-servers", broker.bootstrapServers(), "--report", report.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);

        @SuppressWarnings("unchecked")
        Map<String, Object> r = new ObjectMapper().readValue(Files.readString(report), Map.class);
        assertEquals("registry", r.get("wireFormat"));
        assertEquals(List.of(), r.get("invariantViolations"));
        assertEquals(2, r.get("nodesRebooted"));
        @SuppressWarnings("unchecked")
        Map<String, Integer> perNode = (Map<String, Integer>) r.get("rebootsPerNode");
        assertEquals(2, perNode.size(), perNode.toString());
        assertTrue(perNode.values().stream().allMatch(c -> c == 1), perNode.toString());
        String prefix = (String) r.get("topicPrefix");
        assertTrue(prefix.startsWith("sandbox-21-"), prefix);
        assertTrue(printed.contains(prefix), "the run prints where its topics are");

        Topics topics = Topics.withPrefix(prefix);
        Map<String, List<String>> written = new LinkedHashMap<>();
        for (String topic : List.of(topics.nodeStatus(), topics.commands(), topics.progress(), topics.decisions())) {
            written.put(topic, readAsKreboot(topic, registry));
        }
        assertTrue(written.get(topics.nodeStatus()).stream().allMatch(l -> l.startsWith("dev.kreboot.schemas.NodeStatus ")));
        assertEquals(new TreeSet<>(List.of("dev.kreboot.schemas.DrainCommand", "dev.kreboot.schemas.RebootCommand")),
                names(written.get(topics.commands())));
        assertEquals(new TreeSet<>(List.of("dev.kreboot.schemas.NodeProgress")), names(written.get(topics.progress())));
        assertEquals(new TreeSet<>(List.of("dev.kreboot.schemas.Decision")), names(written.get(topics.decisions())));

        OutsideReader reader = OutsideReader.inOrSkip(dir);
        for (Map.Entry<String, List<String>> topic : written.entrySet()) {
            List<String> read = reader.read(broker.bootstrapServers(), topic.getKey(), registry, topic.getValue().size());
            assertEquals(sorted(topic.getValue()), sorted(read), topic.getKey());
            LOG.info("outside reader decoded {} records of {} through the registry", read.size(), topic.getKey());
        }
    }

    /** Every record of the topic, checked to be registry-framed: "record-full-name node" per record. */
    private static List<String> readAsKreboot(String topic, String registry) throws Exception {
        WireFormat format = WireFormats.create(WireSettings.from(Map.of(WireSettings.URL, registry)));
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaClients(broker.bootstrapServers(), Map.of())
                .consumer("registry-it-" + topic, null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "reading " + topic + " to its end");
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals(0, record.value()[0], topic + " offset " + record.offset() + " is registry-framed");
                    SpecificRecord value = format.decode(record.value());
                    EventHeader header = (EventHeader) value.get(value.getSchema().getField("header").pos());
                    lines.add(value.getSchema().getFullName() + " " + header.getNode());
                }
            }
        }
        assertTrue(!lines.isEmpty(), topic + " has records");
        return lines;
    }

    private static TreeSet<String> names(List<String> lines) {
        TreeSet<String> names = new TreeSet<>();
        lines.forEach(l -> names.add(l.split(" ")[0]));
        return names;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }
}
