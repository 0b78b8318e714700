package dev.kreboot.notifier.kafka;

import dev.kreboot.notifier.app.InMemoryNotifierState;
import dev.kreboot.notifier.app.NotifierState;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link NotifierState} on a compacted Kafka topic ({@code kreboot.notifier-state} by default,
 * one partition): every {@link #put} is written and acknowledged before it returns, a
 * {@link #remove} writes a tombstone, and a new instance first reads the topic to its end. So a
 * restarted notifier knows which routes settled which events and which Grafana regions and Slack
 * threads are open. The topic is compacted and also time-limited ({@code retention.ms}, 30 days by
 * default): settled-event keys are never removed, and redeliveries older than that cannot happen.
 *
 * <p>Reads are served from memory (the topic is small: one key per event and route).
 */
public final class KafkaNotifierState implements NotifierState, AutoCloseable {
    public static final String DEFAULT_TOPIC = "kreboot.notifier-state";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final InMemoryNotifierState memory = new InMemoryNotifierState(Integer.MAX_VALUE);

    public KafkaNotifierState(KafkaClients clients, String topic, Duration restoreTimeout) {
        this.topic = topic;
        restore(clients, restoreTimeout);
        this.producer = clients.producer("kreboot-notifier-state-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The topic's settings: compacted so open regions survive, time-limited so settled keys expire. */
    public static Topics.Spec spec(String topic, Duration retention) {
        return new Topics.Spec(topic, 1, Map.of("cleanup.policy", "compact,delete",
                "retention.ms", Long.toString(retention.toMillis())));
    }

    private void restore(KafkaClients clients, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer(
                "kreboot-notifier-state-restore-" + UUID.randomUUID().toString().substring(0, 8), null)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("state topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read state topic " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        memory.remove(record.key());
                    } else {
                        memory.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    @Override
    public Optional<String> get(String key) {
        return memory.get(key);
    }

    @Override
    public void put(String key, String value) {
        memory.put(key, value);
        write(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void remove(String key) {
        memory.remove(key);
        write(key, null);
    }

    private void write(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write " + key + " to " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
