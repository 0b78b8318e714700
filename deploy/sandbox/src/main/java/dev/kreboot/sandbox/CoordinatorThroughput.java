package dev.kreboot.sandbox;

import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.domain.NodeRecord;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The coordinator's intake of NodeStatus events through the real broker, two ways:
 * <ol>
 * <li><b>Full resync</b>: one status per node for N nodes is written to a fresh node-status topic,
 *     then a coordinator starts (election, fencing, restore, replay) and rebuilds its view; the
 *     figure is the time from start until every node is in its state.</li>
 * <li><b>Live stream</b>: with that coordinator caught up, every node sends {@code rounds} more
 *     heartbeats (a newer sequence, the same answer, as sensors do every period) as fast as one
 *     producer can; the figure is the time from the first send until the coordinator applied the
 *     last sequence of every node, and the rate over it. The producer's own time is reported
 *     beside it: when the two are close, the producer was the limit and the rate a lower bound.</li>
 * </ol>
 */
final class CoordinatorThroughput {
    private CoordinatorThroughput() {
    }

    /** @param format the run's wire format: the statuses are written in it and the coordinator reads them */
    static Map<String, Object> measure(KafkaClients clients, int nodes, WireFormat format) throws InterruptedException {
        return measure(clients, nodes, 10, format);
    }

    static Map<String, Object> measure(KafkaClients clients, int nodes, int rounds, WireFormat format)
            throws InterruptedException {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Topics topics = Topics.withPrefix(prefix);
        TopicProvisioner.ensure(clients, topics.specs(3), (short) 1);
        Events events = new Events(SandboxRun.CLUSTER, "node-sensor", "bench");
        // KafkaClients pins linger.ms to 0; larger batches still form while sends outrun the broker.
        KafkaClients batching = clients.with(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024));
        Map<String, Object> figures = new LinkedHashMap<>();
        try (KafkaProducer<String, byte[]> producer = batching.producer("bench-statuses")) {
            long writeStart = System.nanoTime();
            send(producer, topics, events, format, nodes, 1);
            figures.put("statusEvents", nodes);
            figures.put("producedInMs", (System.nanoTime() - writeStart) / 1_000_000);

            Map<String, String> props = Map.of("kreboot.cluster", SandboxRun.CLUSTER, "kreboot.instance", "bench",
                    "kafka.bootstrap.servers", clients.bootstrapServers(), "kreboot.topic-prefix", prefix,
                    "kreboot.create-topics", "false", "kreboot.dry-run", "true");
            long start = System.nanoTime();
            try (CoordinatorRuntime runtime = new CoordinatorRuntime(CoordinatorSettings.from(props), clients, format,
                    new SimpleMeterRegistry(), Clock.systemUTC()).start()) {
                Waits.until(Duration.ofMinutes(5), "the coordinator's view of " + nodes + " nodes",
                        () -> applied(runtime, nodes, 1));
                long resyncMs = (System.nanoTime() - start) / 1_000_000;
                figures.put("fullResyncMs", resyncMs);
                figures.put("statusEventsPerSecond", resyncMs == 0 ? null : Math.round(nodes * 1000.0 / resyncMs));

                long streamStart = System.nanoTime();
                for (int round = 2; round <= rounds + 1; round++) {
                    send(producer, topics, events, format, nodes, round);
                }
                long producedMs = (System.nanoTime() - streamStart) / 1_000_000;
                long last = rounds + 1;
                Waits.until(Duration.ofMinutes(5), "sequence " + last + " of every node applied",
                        () -> applied(runtime, nodes, last));
                long streamMs = (System.nanoTime() - streamStart) / 1_000_000;
                long streamed = (long) nodes * rounds;
                figures.put("liveStatusEvents", streamed);
                figures.put("liveProducedInMs", producedMs);
                figures.put("liveAppliedInMs", streamMs);
                figures.put("liveStatusEventsPerSecond", streamMs == 0 ? null : Math.round(streamed * 1000.0 / streamMs));
            }
        }
        return figures;
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, Events events, WireFormat format,
                             int nodes, long sequence) {
        for (int i = 0; i < nodes; i++) {
            String node = "bench-node-" + i;
            NodeStatus status = NodeStatus.newBuilder().setHeader(events.header(node, null, Instant.now()))
                    .setRebootRequired(i % 2 == 0).setBootId("boot-" + i).setSensorMode(SensorMode.FILE)
                    .setSequence(sequence).build();
            producer.send(new ProducerRecord<>(topics.nodeStatus(), node, format.encode(status)));
        }
        producer.flush();
    }

    private static boolean applied(CoordinatorRuntime runtime, int nodes, long sequence) {
        Map<String, NodeRecord> view = runtime.nodes();
        return view.size() >= nodes && view.values().stream().allMatch(n -> n.statusSequence() >= sequence);
    }
}
