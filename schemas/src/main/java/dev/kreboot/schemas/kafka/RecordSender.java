package dev.kreboot.schemas.kafka;

import dev.kreboot.schemas.MetricNames;
import dev.kreboot.schemas.wire.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Encodes and sends kreboot records, keyed by node, and times every send. Thread-safe. */
public final class RecordSender {
    private final Producer<String, byte[]> producer;
    private final WireFormat format;
    private final MeterRegistry metrics;

    public RecordSender(Producer<String, byte[]> producer, WireFormat format, MeterRegistry metrics) {
        this.producer = producer;
        this.format = format;
        this.metrics = metrics;
    }

    /** Sends and waits for the broker's acknowledgement; throws if the record was not stored. */
    public RecordMetadata send(String topic, String key, SpecificRecord value) {
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, key, format.encode(value)))
                    .get(60, TimeUnit.SECONDS);
            outcome = "ok";
            return metadata;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send " + value.getClass().getSimpleName() + " for " + key
                    + " to " + topic + ": " + e, e);
        } finally {
            sample.stop(metrics.timer(MetricNames.KAFKA_SEND, "topic", topic, "outcome", outcome));
        }
    }

    public Producer<String, byte[]> producer() {
        return producer;
    }

    public WireFormat format() {
        return format;
    }
}
