package dev.kreboot.coordinator.app;

import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The records a term decides on: node status and progress (one partition each) and every control
 * partition, read from the beginning each term so the state is rebuilt from Kafka. {@link #replayed()}
 * says when the positions reached the end offsets seen at the start. Other threads may end a poll
 * early: {@link #wakeForNodeChange()} only once the term is caught up ({@link #acceptWakeups()}),
 * never mid-replay, so a burst of pushed Node changes cannot stall the rebuild; {@link #wakeForClose()}
 * always, and the loop then ends on the {@link WakeupException}.
 */
final class InputFeed {
    static final Duration POLL = Duration.ofMillis(100);

    private final BooleanSupplier running;
    private final Object wakeLock = new Object();
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** Guarded by {@code wakeLock}. */
    private boolean wakeable;
    private List<TopicPartition> inputs = List.of();
    private Map<TopicPartition, Long> replayEnd = Map.of();

    InputFeed(BooleanSupplier running) {
        this.running = running;
    }

    /** A new consumer for this term; {@link #close()} it in a finally. */
    void open(KafkaClients clients, String instance) {
        // Each poll is decided once (Coordinator.applyAll): larger polls under a burst mean fewer passes.
        KafkaClients intake = clients.common().containsKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG) ? clients
                : clients.with(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        consumer = intake.consumer("coordinator-" + instance, null);
    }

    /** Assigns the input partitions from their beginning and notes where the replay ends. */
    void fromBeginning(Topics topics) {
        List<TopicPartition> all = new ArrayList<>(List.of(new TopicPartition(topics.nodeStatus(), 0),
                new TopicPartition(topics.progress(), 0)));
        consumer.partitionsFor(topics.control())
                .forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(all);
        consumer.seekToBeginning(all);
        replayEnd = consumer.endOffsets(all);
        inputs = List.copyOf(all);
    }

    /** True once every input partition reached the end offset seen by {@link #fromBeginning}. */
    boolean replayed() {
        return inputs.stream().allMatch(tp -> consumer.position(tp) >= replayEnd.get(tp));
    }

    /** One poll; a wake-up for pushed Node facts just ends it early. */
    Iterable<ConsumerRecord<String, byte[]>> poll() {
        try {
            return consumer.poll(POLL);
        } catch (WakeupException e) {
            if (!running.getAsBoolean()) {
                throw e;
            }
            return List.of();
        }
    }

    /** The term is caught up: pushed Node changes may end a poll from now on. */
    void acceptWakeups() {
        setWakeable(true);
    }

    /** From the Node watch's thread: end the current poll so the change applies now, if the term allows it. */
    void wakeForNodeChange() {
        synchronized (wakeLock) {
            KafkaConsumer<String, byte[]> current = consumer;
            if (wakeable && current != null) {
                current.wakeup();
            }
        }
    }

    /** From the closing thread: end any poll or position call, even mid-replay. */
    void wakeForClose() {
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    void close() {
        setWakeable(false);
        consumer.close(Duration.ofSeconds(5));
    }

    private void setWakeable(boolean value) {
        synchronized (wakeLock) {
            wakeable = value;
        }
    }
}
