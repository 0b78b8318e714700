package dev.kreboot.executor.kafka;

import dev.kreboot.executor.app.CommandTarget;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.RecordPump;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds this node's commands to the executor.
 * <ol>
 *   <li>Assign the one partition of the commands topic the node's key hashes to
 *       ({@link CommandPartition}); no consumer group, the log itself is the state.</li>
 *   <li>Replay it from the beginning up to the end offsets taken at start, keeping only the newest
 *       command (by commandSeq) for this node; records for other nodes sharing the partition are
 *       skipped, undecodable ones go to the DLQ.</li>
 *   <li>Submit that newest command, then {@code resume()}: the executor reconciles toward it
 *       against the host's current boot id.</li>
 *   <li>Follow live records with a {@link RecordPump}, submitting each command for this node.</li>
 * </ol>
 * A failure before the live phase (broker unreachable, topic missing) is retried from the start.
 */
public final class CommandFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Consumer<String, byte[]> consumer;
    private final DeadLetters deadLetters;
    private final String topic;
    private final String node;
    private final CommandTarget target;
    private final Thread replayer;
    private final Object lock = new Object();
    private volatile boolean running = true;
    private RecordPump pump;

    public CommandFollower(Consumer<String, byte[]> consumer, DeadLetters deadLetters, String topic, String node,
                           CommandTarget target) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.topic = topic;
        this.node = node;
        this.target = target;
        this.replayer = new Thread(this::run, "commands-replay-" + node);
        this.replayer.setDaemon(true);
    }

    public CommandFollower start() {
        replayer.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                TopicPartition partition = assign();
                Optional<SpecificRecord> newest = replay(partition);
                newest.ifPresent(target::submit);
                target.resume();
                synchronized (lock) {
                    if (running) {
                        pump = new RecordPump("executor-commands-" + node, consumer, deadLetters, this::live, false).start();
                    } else {
                        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                    }
                }
                return;
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("{}: cannot replay {}, retrying in {}", node, topic, RETRY, e);
                if (!pause()) {
                    break;
                }
            }
        }
        synchronized (lock) {
            if (pump == null) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }
    }

    private TopicPartition assign() {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        TopicPartition partition = new TopicPartition(topic, CommandPartition.of(node, partitions.size()));
        consumer.assign(Set.of(partition));
        consumer.seekToBeginning(Set.of(partition));
        LOG.info("{}: reading commands from {}", node, partition);
        return partition;
    }

    private Optional<SpecificRecord> replay(TopicPartition partition) {
        long end = consumer.endOffsets(Set.of(partition)).get(partition);
        SpecificRecord newest = null;
        int seen = 0;
        while (running && consumer.position(partition) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL).records(partition)) {
                if (!node.equals(record.key())) {
                    continue;
                }
                Optional<SpecificRecord> value = deadLetters.decode(record);
                if (value.isPresent() && seq(value.get()) > (newest == null ? Long.MIN_VALUE : seq(newest))) {
                    newest = value.get();
                }
                seen++;
            }
        }
        LOG.info("{}: replayed {} up to offset {}: {} record(s) for this node, newest: {}", node, partition, end, seen,
                newest == null ? "none" : newest.getClass().getSimpleName() + " #" + seq(newest));
        return Optional.ofNullable(newest);
    }

    private void live(ConsumerRecord<String, byte[]> raw, SpecificRecord value) {
        if (node.equals(raw.key())) {
            target.submit(value);
        }
    }

    private static long seq(SpecificRecord record) {
        if (record instanceof DrainCommand d) {
            return d.getCommandSeq();
        }
        if (record instanceof RebootCommand r) {
            return r.getCommandSeq();
        }
        return Long.MIN_VALUE;
    }

    private boolean pause() {
        synchronized (lock) {
            try {
                lock.wait(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running;
    }

    @Override
    public void close() {
        RecordPump started;
        synchronized (lock) {
            running = false;
            started = pump;
            lock.notifyAll();
        }
        if (started != null) {
            started.close();
        } else {
            consumer.wakeup();
            try {
                replayer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
