package dev.kreboot.executor;

import static dev.kreboot.executor.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.Seeds;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The deployed shell: real broker, mock API server, HTTP endpoints, a command in and progress out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Topics topics = Topics.withPrefix("t" + UUID.randomUUID().toString().replace("-", "") + ".");
    private final HttpClient http = HttpClient.newHttpClient();
    private MockApi api;
    private EmbeddedServer server;

    @BeforeAll
    void start() throws Exception {
        api = MockApi.start();
        api.client().resource(Seeds.node("node-a", true, false)).create();
        api.client().resource(Seeds.pod("default", "web-1", "node-a", "ReplicaSet")).create();
        Path bootId = Files.createTempFile("boot_id", "");
        Files.writeString(bootId, "boot-1\n");
        server = ApplicationContext.run(EmbeddedServer.class, Map.ofEntries(
                Map.entry("micronaut.server.port", -1),
                Map.entry("kafka.bootstrap.servers", TestBroker.bootstrapServers()),
                Map.entry("kreboot.cluster", "test"),
                Map.entry("kreboot.node-name", "node-a"),
                Map.entry("kreboot.topic-prefix", topics.prefix()),
                Map.entry("kreboot.command-partitions", "3"),
                Map.entry("kreboot.kubernetes.master-url", api.url()),
                Map.entry("kreboot.executor.boot-id-file", bootId.toString()),
                Map.entry("kreboot.executor.poll-interval", "100ms"),
                Map.entry("kreboot.executor.nsenter-prefix", ""),
                Map.entry("kreboot.executor.reboot-command", "true"),
                Map.entry("kreboot.executor.pre-reboot-node-labels", "reboot=pending,example.com/maintenance=true"),
                Map.entry("kreboot.executor.drain-pod-selector", "app in (web,api),!critical"),
                Map.entry("kreboot.executor.reboot-method", "signal")));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        api.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswers200() throws Exception {
        HttpResponse<String> health = get("/health");

        assertEquals(200, health.statusCode(), health.body());
    }

    @Test
    void kuredOptionsWithCommasReachTheSettingsWhole() {
        ExecutorSettings settings = server.getApplicationContext().getBean(ExecutorSettings.class);

        assertEquals(Map.of("reboot", "pending", "example.com/maintenance", "true"), settings.preRebootNodeLabels());
        assertEquals("app in (web,api),!critical", settings.drainPodSelector().toString());
        assertEquals(ExecutorSettings.RebootMethod.SIGNAL, settings.rebootMethod());
    }

    @Test
    void aDrainCommandOnKafkaDrainsTheNodeAndProgressComesBackOnKafka() throws Exception {
        SingleObjectWireFormat format = new SingleObjectWireFormat();
        KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        DrainCommand drain = DrainCommand.newBuilder()
                .setHeader(new Events("test", "coordinator", "c-0").header("node-a", "r1", Instant.now()))
                .setCommandSeq(1).setBootIdToLeave("boot-1").build();
        List<ProgressPhase> phases = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, byte[]> producer = clients.producer("app-test");
             KafkaConsumer<String, byte[]> consumer = clients.consumer("app-test-progress", null)) {
            await(WAIT, () -> !consumer.partitionsFor(topics.commands()).isEmpty());
            producer.send(new ProducerRecord<>(topics.commands(), "node-a", format.encode(drain))).get();

            TopicPartition progress = new TopicPartition(topics.progress(), 0);
            consumer.assign(Set.of(progress));
            consumer.seekToBeginning(Set.of(progress));
            await(WAIT, phases::toString, () -> {
                consumer.poll(Duration.ofMillis(100))
                        .forEach(r -> phases.add(((NodeProgress) decode(format, r.value())).getPhase()));
                return phases.contains(ProgressPhase.DRAINED);
            });
        }

        assertEquals(ProgressPhase.CORDONED, phases.get(0));
        assertEquals(List.of("default/web-1"), api.dispatcher().evicted());
        assertTrue(Boolean.TRUE.equals(api.client().nodes().withName("node-a").get().getSpec().getUnschedulable()));
        assertEquals("pending", api.client().nodes().withName("node-a").get().getMetadata().getLabels().get("reboot"));
        assertTrue(api.client().v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "KrebootCordoned".equals(e.getReason())), "the cordon is a Node event");

        HttpResponse<String> prometheus = get("/prometheus");
        assertEquals(200, prometheus.statusCode());
        assertTrue(prometheus.body().contains("kreboot_executor_kubernetes_seconds"), "kubernetes calls are timed");
        assertTrue(prometheus.body().contains("kreboot_executor_progress_total"), "progress is counted");
    }

    private static Object decode(SingleObjectWireFormat format, byte[] bytes) {
        try {
            return format.decode(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
