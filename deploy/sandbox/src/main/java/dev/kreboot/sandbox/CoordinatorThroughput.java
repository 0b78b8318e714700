package dev.kreboot.sandbox;

import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The coordinator's intake through the real broker: N NodeStatus records of N distinct nodes are
 * written to a fresh node-status topic, then a coordinator starts and rebuilds its view from them
 * (a full resync); the figure is how long until every node is in its state, and the rate.
 */
final class CoordinatorThroughput {
    private CoordinatorThroughput() {
    }

    static Map<String, Object> measure(KafkaClients clients, int nodes) throws InterruptedException {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Topics topics = Topics.withPrefix(prefix);
        TopicProvisioner.ensure(clients, topics.specs(3), (short) 1);
        SingleObjectWireFormat format = new SingleObjectWireFormat();
        Events events = new Events(SandboxRun.CLUSTER, "node-sensor", "bench");
        long writeStart = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = clients.producer("bench-statuses")) {
            for (int i = 0; i < nodes; i++) {
                String node = "bench-node-" + i;
                NodeStatus status = NodeStatus.newBuilder().setHeader(events.header(node, null, Instant.now()))
                        .setRebootRequired(i % 2 == 0).setBootId("boot-" + i).setSensorMode(SensorMode.FILE)
                        .setSequence(1).build();
                producer.send(new ProducerRecord<>(topics.nodeStatus(), node, format.encode(status)));
            }
            producer.flush();
        }
        long writeMs = (System.nanoTime() - writeStart) / 1_000_000;
        Map<String, String> props = Map.of("kreboot.cluster", SandboxRun.CLUSTER, "kreboot.instance", "bench",
                "kafka.bootstrap.servers", clients.bootstrapServers(), "kreboot.topic-prefix", prefix,
                "kreboot.create-topics", "false", "kreboot.dry-run", "true");
        long start = System.nanoTime();
        long resyncMs;
        try (CoordinatorRuntime runtime = new CoordinatorRuntime(CoordinatorSettings.from(props), clients, format,
                new SimpleMeterRegistry(), Clock.systemUTC()).start()) {
            Waits.until(Duration.ofMinutes(5), "the coordinator's view of " + nodes + " nodes",
                    () -> runtime.nodes().size() >= nodes);
            resyncMs = (System.nanoTime() - start) / 1_000_000;
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("statusEvents", nodes);
        figures.put("producedInMs", writeMs);
        figures.put("fullResyncMs", resyncMs);
        figures.put("statusEventsPerSecond", resyncMs == 0 ? null : Math.round(nodes * 1000.0 / resyncMs));
        return figures;
    }
}
