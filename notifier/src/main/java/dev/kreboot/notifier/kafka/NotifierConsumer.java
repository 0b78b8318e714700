package dev.kreboot.notifier.kafka;

import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@code kreboot.progress} and {@code kreboot.decisions} to the {@link Notifier} in a consumer
 * group without ever waiting for a route, and commits an offset only once every route settled
 * that event and every event before it:
 * <ol>
 *   <li>poll; decode each record (undecodable ones go to the DLQ); {@link Notifier#submit} it, which
 *       queues it on each matching route and returns a future;</li>
 *   <li>remember (offset, future) per partition, in order;</li>
 *   <li>commit, per partition, the offset after the longest prefix of settled events. A route that
 *       is down thus holds back the commit, not the other routes: they keep receiving new events on
 *       time. A crash re-reads from the committed offset and the notifier's state skips the routes
 *       that already settled;</li>
 *   <li>when more than {@code maxPending} events are unsettled, pause the partitions (polling goes on,
 *       so the group keeps the member) until the routes catch up.</li>
 * </ol>
 * A single thread owns the Kafka consumer; {@link #close()} wakes it and commits what is settled.
 */
public final class NotifierConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifierConsumer.class);
    public static final int DEFAULT_MAX_PENDING = 10_000;
    /** What earlier versions waited for the routes per event; no longer used. */
    static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final Topics topics;
    private final Notifier notifier;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, byte[]> dlqProducer;
    private final boolean ownsProducer;
    private final DeadLetters deadLetters;
    private final int maxPending;
    private final String clientId;
    /** Owned by the consumer thread. */
    private final Map<TopicPartition, ArrayDeque<Pending>> pending = new HashMap<>();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final Gauge pendingGauge;
    private final MeterRegistry metrics;
    private volatile boolean closing;
    private Thread thread;

    private record Pending(long offset, CompletableFuture<Void> settled) {
    }

    public NotifierConsumer(KafkaClients clients, Topics topics, String groupId, Notifier notifier,
                            MeterRegistry metrics) {
        this(clients, topics, groupId, notifier, metrics, null, Duration.ZERO);
    }

    /**
     * @param dlqProducer a shared producer for undecodable records (not closed here), or null to
     *        create one
     * @param hold ignored since routes no longer hold up the consumer; kept for callers of the
     *        earlier blocking version
     */
    public NotifierConsumer(KafkaClients clients, Topics topics, String groupId, Notifier notifier,
                            MeterRegistry metrics, Producer<String, byte[]> dlqProducer, Duration hold) {
        this(clients, topics, groupId, notifier, metrics, dlqProducer, DEFAULT_MAX_PENDING);
    }

    /** @param format the service's wire format (reads both framings); also used to park records */
    public NotifierConsumer(KafkaClients clients, Topics topics, String groupId, Notifier notifier,
                            MeterRegistry metrics, WireFormat format) {
        this(clients, topics, groupId, notifier, metrics, null, DEFAULT_MAX_PENDING, format);
    }

    public NotifierConsumer(KafkaClients clients, Topics topics, String groupId, Notifier notifier,
                            MeterRegistry metrics, Producer<String, byte[]> dlqProducer, int maxPending) {
        this(clients, topics, groupId, notifier, metrics, dlqProducer, maxPending,
                WireFormats.create(WireSettings.defaults()));
    }

    public NotifierConsumer(KafkaClients clients, Topics topics, String groupId, Notifier notifier,
                            MeterRegistry metrics, Producer<String, byte[]> dlqProducer, int maxPending,
                            WireFormat format) {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("kreboot.notifier.group-id must not be blank");
        }
        this.topics = topics;
        this.notifier = notifier;
        this.maxPending = maxPending;
        this.metrics = metrics;
        this.clientId = "kreboot-notifier-" + UUID.randomUUID().toString().substring(0, 8);
        this.ownsProducer = dlqProducer == null;
        this.dlqProducer = ownsProducer ? clients.producer(clientId + "-dlq") : dlqProducer;
        this.consumer = clients.consumer(clientId, groupId);
        this.deadLetters = new DeadLetters(this.dlqProducer, format, topics.dlq(), "notifier",
                metrics);
        this.pendingGauge = Gauge.builder("kreboot.notifier.uncommitted", unsettled, AtomicInteger::get)
                .description("consumed events some route has not settled (their offsets are not committed)")
                .tag("client", clientId).register(metrics);
    }

    public synchronized NotifierConsumer start() {
        if (thread == null) {
            thread = new Thread(this::run, clientId);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.progress(), topics.decisions()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitSettled();
                    partitions.forEach(pending::remove);
                    recount();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Nothing to restore: the committed offset is where the settled prefix ends.
                }
            });
            while (!closing) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    hand(records);
                    commitSettled();
                    throttle();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A broker restart or a rebalance hiccup must not end deliveries: poll again after a pause.
                    LOG.warn("notifier consumer: {}; polling again in {}", e.toString(), ERROR_PAUSE);
                    pause();
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll.
        } finally {
            try {
                commitSettled();
            } catch (RuntimeException e) {
                LOG.debug("final commit failed: {}", e.toString());
            }
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void hand(ConsumerRecords<String, byte[]> records) {
        Set<TopicPartition> rewound = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (rewound.contains(partition)) {
                continue;
            }
            CompletableFuture<Void> settled;
            try {
                Optional<SpecificRecord> value = deadLetters.decode(record);
                settled = value.isPresent() ? notifier.submit(value.get()) : CompletableFuture.completedFuture(null);
            } catch (RuntimeException e) {
                // The DLQ write failed or the notifier is closing: read this record again later.
                LOG.warn("{}-{}@{} not handed over yet: {}", record.topic(), record.partition(), record.offset(),
                        e.toString());
                consumer.seek(partition, record.offset());
                rewound.add(partition);
                continue;
            }
            pending.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(new Pending(record.offset(), settled));
        }
        recount();
    }

    /** Commits, per partition, past the longest run of settled events at the head of its queue. */
    private void commitSettled() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        pending.forEach((partition, queue) -> {
            long next = -1;
            while (!queue.isEmpty() && queue.peekFirst().settled().isDone()
                    && !queue.peekFirst().settled().isCompletedExceptionally()) {
                next = queue.pollFirst().offset() + 1;
            }
            if (next >= 0) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        });
        recount();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not fatal: the next commit covers these offsets, and a redelivery is deduplicated.
            LOG.warn("committing notifier offsets failed, will retry: {}", e.toString());
        }
    }

    private void throttle() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (unsettled.get() > maxPending) {
            if (consumer.paused().size() < assigned.size()) {
                LOG.warn("{} events not yet settled by every route: pausing consumption until they are", unsettled.get());
                consumer.pause(assigned);
            }
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void pause() {
        try {
            Thread.sleep(ERROR_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private void recount() {
        unsettled.set(pending.values().stream().mapToInt(ArrayDeque::size).sum());
    }

    @Override
    public synchronized void close() {
        closing = true;
        metrics.remove(pendingGauge);
        if (thread != null) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        if (ownsProducer) {
            dlqProducer.close(Duration.ofSeconds(5));
        }
    }
}
