package dev.kreboot.notifier.kafka;

import dev.kreboot.notifier.app.DeadLetterSink;
import dev.kreboot.notifier.domain.Notification;
import dev.kreboot.schemas.Headers;
import dev.kreboot.schemas.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Parks events a route refused for good on {@code kreboot.dlq}: the value is the event in the wire
 * format (so it can be replayed onto its topic), keyed by node, with the standard DLQ headers
 * ({@code kreboot.dlq.reason = NOTIFICATION_REJECTED}, the endpoint's answer as the error, the
 * consumer {@code notifier/<route>}) plus {@code kreboot.notifier.route} and
 * {@code kreboot.notifier.channel}. The answer never contains the endpoint's URL.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink {
    public static final String REASON = "NOTIFICATION_REJECTED";
    public static final String ROUTE_HEADER = "kreboot.notifier.route";
    public static final String CHANNEL_HEADER = "kreboot.notifier.channel";

    private final Producer<String, byte[]> producer;
    private final WireFormat format;
    private final String topic;

    public KafkaDeadLetterSink(Producer<String, byte[]> producer, WireFormat format, String topic) {
        this.producer = producer;
        this.format = format;
        this.topic = topic;
    }

    @Override
    public void park(String route, String kind, SpecificRecord event, Notification n, String reason) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.DLQ_REASON, bytes(REASON));
        headers.add(Headers.DLQ_ERROR, bytes(reason));
        headers.add(Headers.DLQ_CONSUMER, bytes("notifier/" + route));
        headers.add(ROUTE_HEADER, bytes(route));
        headers.add(CHANNEL_HEADER, bytes(kind));
        producer.send(new ProducerRecord<>(topic, null, n.node(), format.encode(event), headers)).get(30, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
