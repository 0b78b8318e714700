package dev.kreboot.schemas.kafka;

import dev.kreboot.schemas.Headers;
import dev.kreboot.schemas.MetricNames;
import dev.kreboot.schemas.wire.UndecodableMessageException;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes consumed records; a record that cannot be decoded is copied, raw, to the DLQ with the
 * error in headers and counted, and the consumer carries on. The DLQ send is awaited before the
 * caller moves on, so committing the offset afterwards never loses the message.
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final Producer<String, byte[]> producer;
    private final WireFormat format;
    private final String dlqTopic;
    private final String consumerName;
    private final MeterRegistry metrics;

    public DeadLetters(Producer<String, byte[]> producer, WireFormat format, String dlqTopic,
                       String consumerName, MeterRegistry metrics) {
        this.producer = producer;
        this.format = format;
        this.dlqTopic = dlqTopic;
        this.consumerName = consumerName;
        this.metrics = metrics;
    }

    /**
     * The decoded record, or empty for a tombstone (a legitimate delete on a compacted topic) or a
     * record that went to the DLQ.
     */
    public Optional<SpecificRecord> decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(format.decode(record.value()));
        } catch (UndecodableMessageException e) {
            deadLetter(record, e);
            return Optional.empty();
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, UndecodableMessageException e) {
        LOG.warn("undecodable record {}-{}@{} (key {}) sent to {}: {}", record.topic(), record.partition(),
                record.offset(), record.key(), dlqTopic, e.getMessage());
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add(Headers.DLQ_REASON, bytes(e.kind().name()));
        headers.add(Headers.DLQ_ERROR, bytes(e.getMessage()));
        headers.add(Headers.DLQ_SOURCE_TOPIC, bytes(record.topic()));
        headers.add(Headers.DLQ_SOURCE_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(Headers.DLQ_SOURCE_OFFSET, bytes(Long.toString(record.offset())));
        headers.add(Headers.DLQ_CONSUMER, bytes(consumerName));
        try {
            producer.send(new ProducerRecord<>(dlqTopic, null, record.key(), record.value(), headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + dlqTopic, ie);
        } catch (ExecutionException | TimeoutException se) {
            // Not committing past a message we could neither process nor park: the caller retries.
            throw new IllegalStateException("cannot write undecodable record to " + dlqTopic + ": " + se, se);
        }
        metrics.counter(MetricNames.DLQ_MESSAGES, "topic", record.topic(), "reason", e.kind().name()).increment();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
