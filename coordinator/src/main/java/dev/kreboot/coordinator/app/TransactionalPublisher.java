package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Output;
import dev.kreboot.coordinator.kafka.RecordMapping;
import dev.kreboot.schemas.MetricNames;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.signing.CommandSigner;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One term's writer: a transactional producer with the cluster's FIXED {@code transactional.id}, so
 * {@link #fenceOlderWriters()} fences every older producer of that id (a stalled former leader) and
 * aborts its open transaction. The outputs of one decision (commands and decisions) go out in ONE
 * transaction ({@link #publish}), so {@code read_committed} readers see all or none of them; only
 * after the commit are announcements counted, logged and told to the listener, so nothing is
 * announced that readers never see.
 */
final class TransactionalPublisher implements AutoCloseable {
    /** The runtime's logger: operators filter the coordinator's decision lines by that name. */
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);

    private final String transactionalId;
    private final KafkaProducer<String, byte[]> producer;
    private final RecordMapping mapping;
    private final Topics topics;
    private final WireFormat format;
    private final MeterRegistry metrics;
    private final Supplier<CommandSigner> signer;
    private final Supplier<AnnouncementListener> listener;

    TransactionalPublisher(KafkaClients clients, String transactionalId, String instance, RecordMapping mapping,
                           Topics topics, WireFormat format, MeterRegistry metrics, Supplier<CommandSigner> signer,
                           Supplier<AnnouncementListener> listener) {
        this.transactionalId = transactionalId;
        this.producer = clients.with(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                        // A leader killed mid-transaction blocks read_committed readers until this passes
                        // (unless the next leader's initTransactions aborts it first).
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000,
                        // The next transaction's first send waits out CONCURRENT_TRANSACTIONS while the
                        // broker writes the previous commit's markers; the default 100 ms backoff would
                        // add that much to almost every decision.
                        ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5))
                .producer("coordinator-" + instance);
        this.mapping = mapping;
        this.topics = topics;
        this.format = format;
        this.metrics = metrics;
        this.signer = signer;
        this.listener = listener;
    }

    /** {@code initTransactions()}: from here on this producer is the only one of its id that may commit. */
    void fenceOlderWriters() {
        producer.initTransactions();
    }

    String transactionalId() {
        return transactionalId;
    }

    /** Writes the outputs of one input in one transaction: readers see all of them or none. */
    void publish(List<Output> outputs, Instant now) {
        try {
            producer.beginTransaction();
            for (Output output : outputs) {
                SpecificRecord record = mapping.record(output, now);
                CommandSigner currentSigner = signer.get();
                if (currentSigner != null && !(output instanceof Output.Announce)) {
                    record = currentSigner.sign(record);
                }
                String topic = output instanceof Output.Announce ? topics.decisions() : topics.commands();
                producer.send(new ProducerRecord<>(topic, RecordMapping.node(output), format.encode(record)));
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            if (Leadership.fenced(e)) {
                throw new Leadership.LostLeadership("fenced by a newer coordinator: " + e.getMessage(), true);
            }
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // The term ends anyway; the next one starts with a new producer.
            }
            // The state already moved on in memory: only a rebuild from Kafka makes it match the topics again.
            throw new IllegalStateException("could not commit " + outputs.size() + " outputs: " + e, e);
        }
        for (Output output : outputs) {
            if (output instanceof Output.Announce announce) {
                announced(announce);
            }
        }
    }

    private void announced(Output.Announce announce) {
        metrics.counter(MetricNames.COORDINATOR_DECISIONS, "type", announce.kind().name()).increment();
        LOG.info("{} {} (slots {}/{}) {}", announce.kind(), announce.node(), announce.slotsInUse(),
                announce.slotsAllowed(), announce.reasons());
        try {
            listener.get().announced(announce);
        } catch (RuntimeException e) {
            LOG.warn("announcement listener failed on {} {}: {}", announce.kind(), announce.node(), e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(1));
    }
}
