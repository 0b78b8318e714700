package dev.kreboot.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kreboot.schemas.wire.SchemaCatalog;
import dev.kreboot.schemas.wire.UndecodableMessageException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code asyncapi.yaml} cannot drift from the contract: its channels are exactly {@link Topics}'
 * topics with their partitions and settings, its Avro payloads are exactly the .avsc files the
 * classes are generated from, and its keys, senders and receivers are the ones README.md's
 * per-topic tables name. A change to any of them without the other fails here, naming what differs.
 */
class AsyncApiDocumentTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Set<String> SERVICES = Set.of("node-sensor", "coordinator", "executor", "notifier");
    private static final Set<String> PARTIES = Set.of("node-sensor", "coordinator", "executor", "notifier",
            "operators", "subscribers");
    private static final int DEFAULT_COMMAND_PARTITIONS = 12;

    private static JsonNode doc;
    private static Map<String, ReadmeRow> readme;

    /** One row of README.md's table for a topic. */
    record ReadmeRow(String key, Set<String> valueTypes, Set<String> producers, Set<String> consumers) {
    }

    @BeforeAll
    static void read() throws IOException {
        doc = new YAMLMapper().readTree(MODULE.resolve("asyncapi.yaml").toFile());
        readme = readmeTables(Files.readString(MODULE.resolve("README.md")));
    }

    @Test
    void isAnAsyncApi3DocumentOnKafka() {
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        assertEquals("kafka", doc.path("servers").path("kafka").path("protocol").asText());
        assertTrue(doc.path("info").path("version").asText().length() > 0);
    }

    @Test
    void hasOneChannelPerTopicWithItsPartitionsAndSettings() {
        Map<String, Topics.Spec> specs = Topics.defaults().specs(DEFAULT_COMMAND_PARTITIONS).stream()
                .collect(Collectors.toMap(Topics.Spec::name, s -> s, (a, b) -> a, LinkedHashMap::new));
        Map<String, JsonNode> channels = channelsByAddress();
        assertEquals(specs.keySet(), channels.keySet(), "channels' addresses against Topics.specs()");
        specs.forEach((topic, spec) -> {
            JsonNode kafka = channels.get(topic).path("bindings").path("kafka");
            assertEquals(topic, kafka.path("topic").asText(), topic + ": bindings.kafka.topic");
            assertEquals(spec.partitions(), kafka.path("partitions").asInt(), topic + ": partitions");
            JsonNode config = kafka.path("topicConfiguration");
            Map<String, String> documented = new LinkedHashMap<>();
            config.fields().forEachRemaining(f -> documented.put(f.getKey(), f.getValue().isArray()
                    ? joined(f.getValue()) : f.getValue().asText()));
            assertEquals(spec.configs(), documented, topic + ": topicConfiguration against Topics.specs()");
        });
    }

    @Test
    void avroMessagesAreExactlyTheContractsRecordsFromTheirAvscFiles() throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(MODULE.resolve("src/main/avro/EventHeader.avsc").toFile());
        parser.parse(MODULE.resolve("src/main/avro/Reason.avsc").toFile());
        Set<String> avroMessages = new TreeSet<>();
        for (Map.Entry<String, JsonNode> m : iterable(doc.path("components").path("messages"))) {
            JsonNode payload = m.getValue().path("payload");
            if (!payload.has("schemaFormat")) {
                continue;
            }
            String name = m.getKey();
            assertTrue(payload.path("schemaFormat").asText().startsWith("application/vnd.apache.avro"), name);
            String ref = payload.path("schema").path("$ref").asText();
            Path file = MODULE.resolve(ref).normalize();
            assertTrue(Files.isRegularFile(file), name + ": payload $ref " + ref + " is a file of this module");
            Schema schema = parser.parse(file.toFile());
            assertEquals(name, schema.getName(), ref + " defines the message's record");
            assertEquals(schema.getFullName(), m.getValue().path("title").asText(), name + ": title is the full name");
            avroMessages.add(name);
        }
        Set<String> contract = new TreeSet<>();
        for (Class<?> type : SchemaCatalog.MESSAGE_TYPES) {
            contract.add(type.getSimpleName());
            Schema generated = (Schema) type.getMethod("getClassSchema").invoke(null);
            Schema documented = parser.getTypes().get(generated.getFullName());
            assertNotNull(documented, type.getSimpleName() + " is documented");
            // The generated schema carries Java-only properties (avro.java.string): compare what
            // the wire depends on, the parsing form the single-object fingerprint is taken from.
            assertEquals(SchemaNormalization.toParsingForm(generated), SchemaNormalization.toParsingForm(documented),
                    type.getSimpleName() + ": the .avsc is the generated class' schema");
        }
        assertEquals(contract, avroMessages, "Avro messages against SchemaCatalog.MESSAGE_TYPES");
    }

    @Test
    void everyMessageIsKeyedAsTheReadmeSays() {
        Map<String, JsonNode> channels = channelsByAddress();
        readme.forEach((topic, row) -> {
            JsonNode channel = channels.get(topic);
            assertNotNull(channel, "README.md's " + topic + " has a channel");
            for (Map.Entry<String, JsonNode> m : iterable(channel.path("messages"))) {
                JsonNode key = message(m.getValue()).path("bindings").path("kafka").path("key");
                assertEquals("string", key.path("type").asText(), topic + "/" + m.getKey() + ": key type");
                assertEquals(row.key(), key.path("description").asText(), topic + "/" + m.getKey() + ": key");
            }
        });
    }

    @Test
    void channelsCarryTheValueTypesTheReadmeLists() {
        Map<String, JsonNode> channels = channelsByAddress();
        assertEquals(new TreeSet<>(channels.keySet()), new TreeSet<>(readme.keySet()), "README.md's topic sections");
        readme.forEach((topic, row) -> {
            Set<String> documented = new TreeSet<>();
            channels.get(topic).path("messages").fieldNames().forEachRemaining(documented::add);
            // The DLQ carries the original bytes, not a record type: README names none, the
            // document one opaque message.
            Set<String> expected = row.valueTypes().isEmpty() ? Set.of("DeadLetter") : row.valueTypes();
            assertEquals(expected, documented, topic + ": messages against README.md's value types");
        });
    }

    @Test
    void sendersAndReceiversAreTheReadmesProducersAndConsumers() {
        Map<String, Set<String>> senders = parties("send");
        Map<String, Set<String>> receivers = parties("receive");
        Set<String> servicesReading = new TreeSet<>();
        receivers.forEach((topic, who) -> {
            if (!topic.equals(Topics.DLQ)) {
                who.stream().filter(SERVICES::contains).forEach(servicesReading::add);
            }
        });
        readme.forEach((topic, row) -> {
            // "any kreboot consumer that could not decode a record": every service that reads a topic.
            Set<String> producers = row.producers().contains("any") ? servicesReading : row.producers();
            assertEquals(producers, senders.getOrDefault(topic, Set.of()), topic + ": senders against README.md");
            assertEquals(row.consumers(), receivers.getOrDefault(topic, Set.of()),
                    topic + ": receivers against README.md");
        });
    }

    @Test
    void deadLettersDocumentEveryHeaderAndReason() throws IllegalAccessException {
        JsonNode headers = doc.path("components").path("messages").path("DeadLetter").path("headers")
                .path("properties");
        Set<String> documented = new TreeSet<>();
        headers.fieldNames().forEachRemaining(documented::add);
        Set<String> written = new TreeSet<>();
        for (Field f : Headers.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("DLQ_")) {
                written.add((String) f.get(null));
            }
        }
        assertEquals(written, documented, "DeadLetter headers against Headers.DLQ_*");
        Set<String> reasons = new TreeSet<>();
        headers.path(Headers.DLQ_REASON).path("enum").forEach(r -> reasons.add(r.asText()));
        assertEquals(Arrays.stream(UndecodableMessageException.Kind.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new)), reasons, "kreboot.dlq.reason values");
    }

    @Test
    void everyOperationNamesOneKnownPartyAndOnlyItsChannelsMessages() {
        for (Map.Entry<String, JsonNode> op : iterable(doc.path("operations"))) {
            JsonNode o = op.getValue();
            assertTrue(Set.of("send", "receive").contains(o.path("action").asText()), op.getKey() + ": action");
            assertEquals(1, o.path("tags").size(), op.getKey() + ": one party tag");
            assertTrue(PARTIES.contains(o.path("tags").get(0).path("name").asText()), op.getKey() + ": party");
            String channelRef = o.path("channel").path("$ref").asText();
            JsonNode channel = resolve(channelRef);
            assertTrue(channel.has("address"), op.getKey() + ": " + channelRef);
            assertTrue(o.path("messages").size() > 0, op.getKey() + ": messages");
            for (JsonNode m : o.path("messages")) {
                String ref = m.path("$ref").asText();
                assertTrue(ref.startsWith(channelRef + "/messages/"), op.getKey() + ": " + ref + " is its channel's");
                assertTrue(!resolve(ref).isMissingNode(), op.getKey() + ": " + ref);
            }
        }
    }

    private static Map<String, Set<String>> parties(String action) {
        Map<String, Set<String>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> op : iterable(doc.path("operations"))) {
            if (op.getValue().path("action").asText().equals(action)) {
                String topic = resolve(op.getValue().path("channel").path("$ref").asText()).path("address").asText();
                byTopic.computeIfAbsent(topic, t -> new TreeSet<>())
                        .add(op.getValue().path("tags").get(0).path("name").asText());
            }
        }
        return byTopic;
    }

    private static Map<String, JsonNode> channelsByAddress() {
        Map<String, JsonNode> byAddress = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> c : iterable(doc.path("channels"))) {
            byAddress.put(c.getValue().path("address").asText(), c.getValue());
        }
        return byAddress;
    }

    private static JsonNode message(JsonNode maybeRef) {
        return maybeRef.has("$ref") ? resolve(maybeRef.path("$ref").asText()) : maybeRef;
    }

    /** A local reference such as {@code #/channels/commands/messages/DrainCommand}, followed through. */
    private static JsonNode resolve(String ref) {
        assertTrue(ref.startsWith("#/"), "a local $ref: " + ref);
        JsonNode node = doc.at(ref.substring(1));
        return node.has("$ref") ? resolve(node.path("$ref").asText()) : node;
    }

    private static String joined(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(",", values);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        object.fields().forEachRemaining(entries::add);
        return entries;
    }

    /**
     * README.md's "### `topic`" sections, each followed by a table whose one data row reads
     * key | value types | producer | consumers | cleanup. Parties are the first word of each
     * comma-separated part ("executor of that node (...)" is the executor).
     */
    static Map<String, ReadmeRow> readmeTables(String markdown) {
        Map<String, ReadmeRow> rows = new LinkedHashMap<>();
        Matcher section = Pattern.compile("(?m)^### `([a-z.-]+)`\\n\\|[^\\n]*\\n\\|[^\\n]*\\n(\\|[^\\n]*)$")
                .matcher(markdown);
        while (section.find()) {
            String[] cells = section.group(2).split("\\|");
            // cells[0] is empty (the leading pipe).
            String key = cells[1].trim().replace("`", "");
            Set<String> types = new TreeSet<>();
            Matcher type = Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(cells[2]);
            while (type.find()) {
                types.add(type.group(1));
            }
            rows.put(section.group(1), new ReadmeRow(key, types, firstWords(cells[3]), firstWords(cells[4])));
        }
        assertTrue(rows.size() >= 6, "README.md's topic tables found: " + rows.keySet());
        return rows;
    }

    private static Set<String> firstWords(String cell) {
        Set<String> words = new TreeSet<>();
        for (String part : cell.replaceAll("\\([^)]*\\)", "").split(",")) {
            String word = part.trim().split("\\s+")[0];
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
