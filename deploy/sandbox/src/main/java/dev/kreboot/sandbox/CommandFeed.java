package dev.kreboot.sandbox;

import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordPump;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * The executors' command feed: one consumer for the whole commands topic, each command handed to
 * its node's executor, as each executor's own consumer would get it in a cluster. With a plan that
 * duplicates commands, some are delivered a second time after a random delay, so a stale copy may
 * arrive after a newer command (a redelivery after a rebalance, reordered); the count of copies
 * goes into the report's faults.
 */
final class CommandFeed implements AutoCloseable {
    private final RecordPump pump;
    private final AtomicInteger duplicated = new AtomicInteger();

    /** @param random the duplication's own seeded stream, so duplicates do not shift the scenario's draws */
    CommandFeed(KafkaClients clients, Topics topics, KafkaProducer<String, byte[]> producer, WireFormat format,
                MeterRegistry metrics, Map<String, SimulatedNode> nodes, ScenarioPlan plan, Random random,
                ScheduledExecutorService scheduler) {
        KafkaConsumer<String, byte[]> consumer = clients.consumer("sandbox-executors", null);
        List<TopicPartition> partitions = consumer.partitionsFor(topics.commands()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        DeadLetters deadLetters = new DeadLetters(producer, format, topics.dlq(), "executor", metrics);
        this.pump = new RecordPump("executors", consumer, deadLetters, (raw, value) -> {
            SimulatedNode node = nodes.get(raw.key());
            if (node != null) {
                node.submit(value);
                if (random.nextDouble() < plan.duplicateCommands()) {
                    duplicated.incrementAndGet();
                    scheduler.schedule(() -> node.submit(value), random.nextInt(1500), TimeUnit.MILLISECONDS);
                }
            }
        }, false).start();
    }

    /** How many commands were delivered twice so far. */
    int duplicated() {
        return duplicated.get();
    }

    @Override
    public void close() {
        pump.close();
    }
}
