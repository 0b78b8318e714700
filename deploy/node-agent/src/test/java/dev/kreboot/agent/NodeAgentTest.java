package dev.kreboot.agent;

import static dev.kreboot.agent.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.Seeds;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
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
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's entry point against a real broker and fabric8's API server: settings named as the chart
 * sets them (environment variables), the sensor's NodeStatus and the executor's NodeProgress on Kafka,
 * a whole drain / reboot / return cycle, and the endpoints with the services' paths and metric names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NODE = "node-a";
    private static final int PODS = 5;
    private final Topics topics = Topics.withPrefix("t" + UUID.randomUUID().toString().replace("-", "") + ".");
    private final HttpClient http = HttpClient.newHttpClient();
    private final SingleObjectWireFormat format = new SingleObjectWireFormat();
    private MockApi api;
    private NodeAgent agent;
    @TempDir
    static Path host;
    private Path sentinel;
    private Path bootId;

    @BeforeAll
    void start() throws Exception {
        api = MockApi.start();
        api.client().resource(Seeds.node(NODE, true, false)).create();
        IntStream.range(0, PODS).forEach(i ->
                api.client().resource(Seeds.pod("default", "web-" + i, NODE, "ReplicaSet")).create());
        sentinel = host.resolve("reboot-required");
        bootId = host.resolve("boot_id");
        Files.writeString(bootId, "boot-1\n");
        Files.writeString(host.resolve("osrelease"), "6.1.0-test\n");
        // As the chart's DaemonSet sets them: Micronaut's variable names for the services' keys.
        Map<String, String> env = AgentEnvironment.forNode(NODE, "test", TestBroker.bootstrapServers(), topics.prefix(),
                api.url(), host);
        env.put("KREBOOT_EXECUTOR_POLL_INTERVAL", "100ms");
        env.put("KREBOOT_EXECUTOR_EVICTION_RETRY_INTERVAL", "100ms");
        env.put("PORT", "0");
        // kured's name for the period; a system property wins over its variable.
        env.put("KURED_PERIOD", "1h");
        env.put("KREBOOT_EXECUTOR_PRE_REBOOT_NODE_LABELS", "from=environment");
        Map<String, String> props = Map.of("kreboot.executor.pre-reboot-node-labels", "reboot=pending,example.com/m=true");
        agent = NodeAgent.start(props, env);
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int status(String path) {
        try {
            return get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void healthReadinessAndLivenessAnswer200OnceTheFirstStatusIsOnKafka() throws Exception {
        await(WAIT, () -> status("/health") == 200);

        assertEquals(200, status("/health/readiness"));
        assertEquals(200, status("/health/liveness"));
        assertTrue(get("/health").body().contains("\"status\":\"UP\""), get("/health").body());
        assertEquals(404, status("/health/unknown"));
    }

    @Test
    void settingsComeFromTheServicesVariableNamesKuredAliasesAndSystemProperties() {
        assertEquals(Duration.ofHours(1), agent.sensorSettings().period(), "KURED_PERIOD");
        assertEquals(sentinel, agent.sensorSettings().sentinel(), "KREBOOT_SENSOR_SENTINEL");
        assertEquals(Map.of("reboot", "pending", "example.com/m", "true"),
                agent.executorSettings().preRebootNodeLabels(), "the system property over its variable");
        assertEquals(Duration.ofMillis(100), agent.executorSettings().pollInterval(), "KREBOOT_EXECUTOR_POLL_INTERVAL");
    }

    @Test
    void aSentinelOnTheHostIsPublishedAsNodeStatusAndExportedAsKuredRebootRequired() throws Exception {
        Files.writeString(sentinel, "");
        List<NodeStatus> statuses = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(topics.nodeStatus(), 0);
            await(WAIT, () -> !consumer.partitionsFor(topics.nodeStatus()).isEmpty());
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            await(WAIT, statuses::toString, () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> statuses.add((NodeStatus) decode(r.value())));
                return statuses.stream().anyMatch(NodeStatus::getRebootRequired);
            });
        }
        NodeStatus required = statuses.stream().filter(NodeStatus::getRebootRequired).findFirst().orElseThrow();
        assertEquals(NODE, required.getHeader().getNode());
        assertEquals("6.1.0-test", required.getKernelRelease());

        await(WAIT, () -> {
            try {
                return get("/prometheus").body().lines()
                        .anyMatch(l -> l.startsWith("kured_reboot_required{") && l.contains("node=\"" + NODE + "\"")
                                && l.endsWith(" 1.0"));
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> prometheus = get("/prometheus");
        assertEquals(AgentHttp.PROMETHEUS_CONTENT_TYPE, prometheus.headers().firstValue("Content-Type").orElse(""));
        assertTrue(prometheus.body().contains("jvm_memory_used_bytes"), "JVM meters as Micronaut binds them");
        assertTrue(prometheus.body().contains("logback_events_total"), "log events as Micronaut binds them");
    }

    @Test
    void aDrainAndRebootCycleThroughKafkaDrainsRebootsAndReturnsTheNode() throws Exception {
        Events coordinator = new Events("test", "coordinator", "c-0");
        DrainCommand drain = DrainCommand.newBuilder().setHeader(coordinator.header(NODE, "r1", Instant.now()))
                .setCommandSeq(1).setBootIdToLeave("boot-1").build();
        RebootCommand reboot = RebootCommand.newBuilder().setHeader(coordinator.header(NODE, "r1", Instant.now()))
                .setCommandSeq(2).setBootIdToLeave("boot-1").build();
        KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        List<ProgressPhase> phases = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, byte[]> producer = clients.producer("agent-test");
             KafkaConsumer<String, byte[]> consumer = consumer()) {
            await(WAIT, () -> !consumer.partitionsFor(topics.commands()).isEmpty()
                    && !consumer.partitionsFor(topics.progress()).isEmpty());
            TopicPartition progress = new TopicPartition(topics.progress(), 0);
            consumer.assign(Set.of(progress));
            consumer.seekToBeginning(Set.of(progress));
            Runnable poll = () -> consumer.poll(Duration.ofMillis(100))
                    .forEach(r -> phases.add(((NodeProgress) decode(r.value())).getPhase()));

            producer.send(new ProducerRecord<>(topics.commands(), NODE, format.encode(drain))).get();
            await(WAIT, phases::toString, () -> {
                poll.run();
                return phases.contains(ProgressPhase.DRAINED);
            });
            assertEquals(PODS, api.dispatcher().evicted().size(), api.dispatcher().evicted().toString());
            assertTrue(Boolean.TRUE.equals(api.client().nodes().withName(NODE).get().getSpec().getUnschedulable()));

            producer.send(new ProducerRecord<>(topics.commands(), NODE, format.encode(reboot))).get();
            await(WAIT, phases::toString, () -> {
                poll.run();
                return phases.contains(ProgressPhase.REBOOTING);
            });
            // The host went down and came back: a new boot id, the Node Ready again.
            Files.writeString(bootId, "boot-2\n");
            await(WAIT, phases::toString, () -> {
                poll.run();
                return phases.contains(ProgressPhase.COMPLETED);
            });
        }
        assertEquals(ProgressPhase.CORDONED, phases.get(0));
        assertFalse(Boolean.TRUE.equals(api.client().nodes().withName(NODE).get().getSpec().getUnschedulable()),
                "uncordoned after the reboot");
        HttpResponse<String> prometheus = get("/prometheus");
        assertTrue(prometheus.body().contains("kreboot_executor_progress_total"), "the executor's meters are served");
        assertTrue(prometheus.body().contains("kreboot_executor_kubernetes_seconds"), "kubernetes calls are timed");
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaClients(TestBroker.bootstrapServers(), Map.of()).consumer("agent-test-" + UUID.randomUUID(), null);
    }

    private Object decode(byte[] bytes) {
        try {
            return format.decode(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
