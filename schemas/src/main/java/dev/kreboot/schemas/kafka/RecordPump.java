package dev.kreboot.schemas.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop every kreboot consumer runs on its own thread: decode (bad bytes to the DLQ),
 * hand each record to the handler in partition order, then commit. A handler that throws gets the
 * same record again after a backoff: nothing is skipped, nothing is lost.
 *
 * <p>The consumer is subscribed or assigned by the caller before {@link #start()}, and used only
 * by the pump's thread afterwards.
 */
public final class RecordPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordPump.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** Handles one decoded record. */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumerRecord<String, byte[]> raw, SpecificRecord value) throws Exception;
    }

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final DeadLetters deadLetters;
    private final Handler handler;
    private final boolean commit;
    private final Thread thread;
    private volatile boolean running = true;

    public RecordPump(String name, Consumer<String, byte[]> consumer, DeadLetters deadLetters,
                      Handler handler, boolean commit) {
        this.name = name;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.handler = handler;
        this.commit = commit;
        this.thread = new Thread(this::run, "pump-" + name);
        this.thread.setDaemon(true);
    }

    public RecordPump start() {
        thread.start();
        return this;
    }

    private void run() {
        int failures = 0;
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    throw e;
                } catch (org.apache.kafka.common.KafkaException e) {
                    // Never die quietly: a consumer loop that stops leaves a service that looks alive.
                    failures++;
                    LOG.error("{}: poll failed (attempt {}), retrying: {}", name, failures, e.toString());
                    pause(Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(failures, 7)));
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
                TopicPartition failedAt = null;
                for (TopicPartition partition : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
                    if (failedAt != null) {
                        // Not touched because an earlier partition failed: read it again next poll.
                        consumer.seek(partition, batch.get(0).offset());
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : batch) {
                        try {
                            Optional<SpecificRecord> value = deadLetters.decode(record);
                            if (value.isPresent()) {
                                handler.handle(record, value.get());
                            }
                            handled.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        } catch (Exception e) {
                            failures++;
                            long backoff = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(failures, 7));
                            LOG.error("{}: handling {}-{}@{} failed (attempt {}), retrying in {} ms", name,
                                    record.topic(), record.partition(), record.offset(), failures, backoff, e);
                            consumer.seek(partition, record.offset());
                            failedAt = partition;
                            pause(backoff);
                            break;
                        }
                    }
                }
                if (failedAt == null && !records.isEmpty()) {
                    failures = 0;
                }
                if (commit && !handled.isEmpty()) {
                    commit(handled);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("{}: unexpected wakeup", name, e);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: consumer loop stopped", name, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * A failed commit (broker restarting, group rebalancing) is not fatal: the records were
     * handled, and at worst they are handed over again after a rebalance (at-least-once; handlers
     * are idempotent). The next successful commit covers these offsets too.
     */
    private void commit(Map<TopicPartition, OffsetAndMetadata> handled) {
        try {
            consumer.commitSync(handled);
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
            LOG.warn("{}: committing offsets failed, will retry with the next batch: {}", name, e.toString());
        }
    }

    private void pause(long millis) {
        if (!LoopThreads.pause(millis)) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        LoopThreads.join(thread, 10_000);
    }
}
