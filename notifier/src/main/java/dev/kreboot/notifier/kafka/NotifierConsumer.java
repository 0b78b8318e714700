package dev.kreboot.notifier.kafka;

import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordPump;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Feeds {@code kreboot.progress} and {@code kreboot.decisions} to the {@link Notifier} through a
 * {@link RecordPump} in a consumer group, committing an offset only after every route settled the
 * event: a crash before that means the event is delivered again, never lost.
 *
 * <p>The pump's thread must keep polling, or the group evicts it ({@code max.poll.interval.ms},
 * five minutes by default) while an endpoint is down. So the handler waits at most {@code hold} for
 * the routes, then throws; the pump seeks back, backs off and hands over the same record again, and
 * the {@link Notifier} joins the routes' running retries instead of sending anew.
 */
public final class NotifierConsumer implements AutoCloseable {
    /** Well below the default max.poll.interval.ms, and short enough for a prompt shutdown. */
    static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);
    private static final Duration SLICE = Duration.ofMillis(250);

    private final Topics topics;
    private final Notifier notifier;
    private final Duration hold;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, byte[]> dlqProducer;
    private final boolean ownsProducer;
    private final RecordPump pump;
    private volatile boolean closing;
    private boolean started;

    /** Thrown to the pump when the routes have not settled an event within the hold time. */
    static final class DeliveryPending extends Exception {
        private static final long serialVersionUID = 1L;

        DeliveryPending(String message) {
            super(message, null, false, false);
        }
    }

    public NotifierConsumer(KafkaClients clients, Topics topics, String groupId, Notifier notifier,
                            MeterRegistry metrics) {
        this(clients, topics, groupId, notifier, metrics, null, DEFAULT_HOLD);
    }

    /**
     * @param dlqProducer a shared producer for undecodable records (not closed here), or null to
     *        create one
     */
    public NotifierConsumer(KafkaClients clients, Topics topics, String groupId, Notifier notifier,
                            MeterRegistry metrics, Producer<String, byte[]> dlqProducer, Duration hold) {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("kreboot.notifier.group-id must not be blank");
        }
        this.topics = topics;
        this.notifier = notifier;
        this.hold = hold;
        String clientId = "kreboot-notifier-" + UUID.randomUUID().toString().substring(0, 8);
        this.ownsProducer = dlqProducer == null;
        this.dlqProducer = ownsProducer ? clients.producer(clientId + "-dlq") : dlqProducer;
        this.consumer = clients.consumer(clientId, groupId);
        DeadLetters deadLetters = new DeadLetters(this.dlqProducer, new SingleObjectWireFormat(), topics.dlq(),
                "notifier", metrics);
        this.pump = new RecordPump("notifier", consumer, deadLetters, this::handle, true);
    }

    public synchronized NotifierConsumer start() {
        if (!started) {
            consumer.subscribe(List.of(topics.progress(), topics.decisions()));
            pump.start();
            started = true;
        }
        return this;
    }

    private void handle(ConsumerRecord<String, byte[]> raw, SpecificRecord value) throws Exception {
        long deadline = System.nanoTime() + hold.toNanos();
        // Waits in slices so close() is not held up by an endpoint that is down.
        while (!notifier.deliver(value, SLICE)) {
            if (closing || System.nanoTime() - deadline >= 0) {
                throw new DeliveryPending(raw.topic() + "-" + raw.partition() + "@" + raw.offset() + " (node "
                        + raw.key() + ") not yet accepted by " + pendingRoutes(value)
                        + (closing ? "; closing" : "; will be handed over again"));
            }
        }
    }

    private String pendingRoutes(SpecificRecord value) {
        String eventId = value instanceof NodeProgress p ? p.getHeader().getEventId()
                : value instanceof Decision d ? d.getHeader().getEventId() : null;
        return eventId == null ? "[]" : notifier.pending(eventId).toString();
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (started) {
            pump.close();
        } else {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        if (ownsProducer) {
            dlqProducer.close(Duration.ofSeconds(5));
        }
    }
}
