package dev.kreboot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --hold} as a subscriber's author uses it: the packaged sandbox runs as its own process,
 * finishes its rollout and stays up; a plain Kafka consumer that knows nothing of kreboot's Java
 * classes reads every topic from the printed bootstrap address and decodes each value with the
 * published .avsc files alone (as schemas/README.md tells outside readers to); then SIGTERM, as
 * Ctrl-C or a container runtime would send, stops it cleanly.
 */
class HoldIT {
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final Path JAR = Path.of("target", "kreboot-sandbox.jar");
    private static final Path AVSC = Path.of("..", "..", "schemas", "src", "main", "avro");

    @Test
    void keepsTheBrokerUpForAnOutsideConsumerUntilSigterm(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the packaged sandbox " + JAR.toAbsolutePath() + " (mvn package)");
        Path report = dir.resolve("r.json");
        Path stdout = dir.resolve("stdout.txt");
        Process sandbox = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "--nodes", "3", "--needs-reboot", "2", "--concurrency", "1", "--seed", "5",
                "--quiet", "--report", report.toString(), "--hold")
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            Waits.until(DEADLINE, "the sandbox to print what it holds", () -> lines(stdout).stream()
                    .anyMatch(l -> l.startsWith("  notification sink: ")) || !sandbox.isAlive());
            List<String> lines = lines(stdout);
            assertTrue(sandbox.isAlive(), "--hold exited instead of holding:\n" + String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("PASSED")), String.join("\n", lines));
            assertTrue(Files.isRegularFile(report), "the report is written before holding");

            String bootstrap = printed(lines, Pattern.compile("^  Kafka bootstrap servers: (\\S+)$")).get(0);
            List<String> topics = printed(lines, Pattern.compile("^  topic (\\S+)\\s+.*$"));
            assertEquals(List.of("kreboot.node-status", "kreboot.commands", "kreboot.progress", "kreboot.decisions",
                    "kreboot.control", "kreboot.dlq"), topics);

            Map<Long, Schema> published = publishedSchemas();
            Map<String, Set<String>> typesByTopic = readEveryTopic(bootstrap, topics, published);
            assertEquals(Set.of("NodeStatus"), typesByTopic.get("kreboot.node-status"));
            assertEquals(Set.of("DrainCommand", "RebootCommand"), typesByTopic.get("kreboot.commands"));
            assertEquals(Set.of("NodeProgress"), typesByTopic.get("kreboot.progress"));
            assertEquals(Set.of("Decision"), typesByTopic.get("kreboot.decisions"));
            // Nobody paused the rollout and every record decoded: both topics exist and are empty.
            assertEquals(Set.of(), typesByTopic.get("kreboot.control"));
            assertEquals(Set.of(), typesByTopic.get("kreboot.dlq"));

            sandbox.destroy(); // SIGTERM
            assertTrue(sandbox.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the sandbox stops on SIGTERM");
            List<String> after = lines(stdout);
            assertTrue(after.contains("--hold: stop requested: closing the services, the API server and the broker")
                    && after.get(after.size() - 1).equals("--hold: stopped cleanly"), String.join("\n", after));
            // The JVM reports the signal (128 + 15), not a failure of the run.
            assertEquals(143, sandbox.exitValue());
        } finally {
            sandbox.destroyForcibly();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> printed(List<String> lines, Pattern pattern) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.matches()) {
                found.add(m.group(1));
            }
        }
        assertFalse(found.isEmpty(), pattern + " in\n" + String.join("\n", lines));
        return found;
    }

    /** Every published record schema by its 64-bit parsing fingerprint, the single-object encoding's id. */
    private static Map<Long, Schema> publishedSchemas() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        // Named types must be known before the records that use them.
        List<String> first = List.of("EventHeader.avsc", "Reason.avsc");
        List<Schema> schemas = new ArrayList<>();
        for (String file : first) {
            schemas.add(parser.parse(AVSC.resolve(file).toFile()));
        }
        try (var files = Files.list(AVSC)) {
            for (Path file : files.sorted().toList()) {
                if (!first.contains(file.getFileName().toString())) {
                    schemas.add(parser.parse(file.toFile()));
                }
            }
        }
        Map<Long, Schema> byFingerprint = new HashMap<>();
        schemas.forEach(schema -> byFingerprint.put(SchemaNormalization.parsingFingerprint64(schema), schema));
        return byFingerprint;
    }

    /** Reads each topic from the beginning to its current end; the value types found per topic. */
    private static Map<String, Set<String>> readEveryTopic(String bootstrap, List<String> topics,
            Map<Long, Schema> published) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Set<String>> types = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                types.put(topic, new TreeSet<>());
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                assertFalse(infos == null || infos.isEmpty(), "topic " + topic + " exists on the held broker");
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Waits.until(DEADLINE, "every topic read to its end " + end, () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertFalse(record.key() == null || record.key().isEmpty(), "every record is keyed by node");
                    GenericRecord value = decode(record.value(), published);
                    types.get(record.topic()).add(value.getSchema().getName());
                    GenericRecord header = (GenericRecord) value.get("header");
                    assertEquals(record.key(), header.get("node").toString(), "the key is the header's node");
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return types;
    }

    private static GenericRecord decode(byte[] bytes, Map<Long, Schema> published) {
        assertTrue(bytes.length > 10 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01, "single-object encoding");
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema schema = published.get(fingerprint);
        assertTrue(schema != null, "fingerprint " + Long.toHexString(fingerprint) + " names a published schema");
        try {
            return new GenericDatumReader<GenericRecord>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("decoding a " + schema.getName() + " with its .avsc", e);
        }
    }
}
