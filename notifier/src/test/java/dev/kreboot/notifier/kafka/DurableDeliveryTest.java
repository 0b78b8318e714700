package dev.kreboot.notifier.kafka;

import static dev.kreboot.notifier.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.notifier.app.DeadLetterSink;
import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.notifier.app.Route;
import dev.kreboot.notifier.app.Sleeper;
import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.domain.RetryPolicy;
import dev.kreboot.notifier.http.GrafanaChannel;
import dev.kreboot.notifier.http.WebhookChannel;
import dev.kreboot.notifier.testing.Fixtures;
import dev.kreboot.notifier.testing.NotifierKafka;
import dev.kreboot.notifier.testing.WebhookSink;
import dev.kreboot.notifier.testing.WebhookSink.Response;
import dev.kreboot.schemas.Headers;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notifier's durable state and dead letters on a real broker: restarts neither duplicate nor forget. */
class DurableDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final RetryPolicy FAST = RetryPolicy.upTo(Duration.ofMillis(20), Duration.ofMillis(200));
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final NotifierKafka KAFKA = new NotifierKafka("durable-test-sender", topics -> {
        List<Topics.Spec> specs = new ArrayList<>(topics.specs(1));
        specs.add(KafkaNotifierState.spec(stateTopic(topics), KafkaNotifierState.DEFAULT_RETENTION));
        return specs;
    });

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final WebhookSink chat = new WebhookSink();
    private final WebhookSink ops = new WebhookSink();
    private final WebhookSink grafana = new WebhookSink();

    @AfterEach
    void stopSinks() {
        chat.close();
        ops.close();
        grafana.close();
    }

    private static String stateTopic(Topics topics) {
        return topics.prefix() + KafkaNotifierState.DEFAULT_TOPIC;
    }

    /** One notifier "process": its state restored from the topic, a consumer in the shared group. */
    private Notifier process(String group, DeadLetterSink deadLetters) {
        KafkaNotifierState state = KAFKA.opened(
                new KafkaNotifierState(KAFKA.clients(), stateTopic(KAFKA.topics()), WAIT));
        Notifier notifier = KAFKA.opened(new Notifier(List.of(
                new Route("chat", new WebhookChannel(chat.url("/chat"), Map.of(), TIMEOUT), EventFilter.all()),
                new Route("ops", new WebhookChannel(ops.url("/ops"), Map.of(), TIMEOUT), EventFilter.all())),
                metrics, Clock.systemUTC(), FAST, Sleeper.SYSTEM, state, deadLetters, () -> 0.5));
        KAFKA.opened(new NotifierConsumer(KAFKA.clients(), KAFKA.topics(), group, notifier, metrics, null,
                Duration.ofMillis(500))).start();
        return notifier;
    }

    @Test
    void aRestartMidDeliveryNeitherLosesNorDuplicates() throws Exception {
        String group = "durable-" + UUID.randomUUID();
        ops.alwaysAnswer(503);
        NodeProgress event = Fixtures.progress("node-a", ProgressPhase.REBOOTING);
        process(group, DeadLetterSink.NONE);
        KAFKA.sender().send(KAFKA.topics().progress(), "node-a", event);
        await(WAIT, () -> chat.accepted().size() == 1 && ops.requests().size() >= 2);

        // Crash while "ops" is still failing: nothing was committed, the event comes back.
        KAFKA.closeAll();
        ops.alwaysAnswer(200);
        process(group, DeadLetterSink.NONE);

        await(WAIT, () -> ops.accepted().size() == 1);
        assertEquals(1, chat.requests().size(), "the route that accepted before the crash is not sent it again");
        assertEquals(Fixtures.eventId(event), ops.accepted().get(0).eventId());
        await(WAIT, () -> metrics.find("kreboot.notifier.deduplicated").tag("route", "chat").counter() != null
                && metrics.counter("kreboot.notifier.deduplicated", "route", "chat", "channel", "webhook").count() >= 1);
    }

    @Test
    void aPermanentRefusalIsParkedOnTheDeadLetterTopicWithItsReason() throws Exception {
        ops.respond((attempt, body) -> new Response(404, Map.of(), "no_service"));
        KafkaProducer<String, byte[]> producer = KAFKA.opened(KAFKA.clients().producer("dlq-test"));
        Notifier notifier = process("dlq-" + UUID.randomUUID(),
                new KafkaDeadLetterSink(producer, new SingleObjectWireFormat(), KAFKA.topics().dlq()));
        NodeProgress event = Fixtures.progress("node-a", ProgressPhase.FAILED);

        notifier.deliver(event);

        try (KafkaConsumer<String, byte[]> consumer =
                     KAFKA.clients().consumer("dlq-reader", "dlq-reader-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(KAFKA.topics().dlq()));
            List<ConsumerRecord<String, byte[]>> parked = new ArrayList<>();
            await(WAIT, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(parked::add);
                return !parked.isEmpty();
            });
            ConsumerRecord<String, byte[]> record = parked.get(0);
            assertEquals("node-a", record.key());
            assertEquals(KafkaDeadLetterSink.REASON, header(record, Headers.DLQ_REASON));
            assertEquals("HTTP 404: no_service", header(record, Headers.DLQ_ERROR));
            assertEquals("ops", header(record, KafkaDeadLetterSink.ROUTE_HEADER));
            assertEquals(event, new SingleObjectWireFormat().decode(record.value()));
        }
        assertEquals(1.0, metrics.counter("kreboot.notifier.dropped", "route", "ops", "channel", "webhook").count());
        assertEquals(1, chat.accepted().size());
    }

    @Test
    void aRestartedNotifierStillClosesTheGrafanaRegionItOpened() throws Exception {
        grafana.respond((attempt, body) -> attempt == 1
                ? Response.json(200, "{\"id\":42,\"message\":\"Annotation added\"}")
                : Response.json(200, "{\"message\":\"Annotation patched\"}"));
        NodeProgress start = Fixtures.progress("node-a", ProgressPhase.CORDONED);
        NodeProgress end = Fixtures.progress("node-a", ProgressPhase.COMPLETED);
        end.getHeader().setOccurredAt(start.getHeader().getOccurredAt().plusSeconds(600));

        try (KafkaNotifierState before = new KafkaNotifierState(KAFKA.clients(), stateTopic(KAFKA.topics()), WAIT)) {
            GrafanaChannel channel = new GrafanaChannel(grafana.url("/grafana"), "glsa_t0k3n", List.of("prod"), null,
                    before, "grafana", TIMEOUT);
            Notifier notifier = new Notifier(List.of(new Route("grafana", channel, EventFilter.all())), metrics,
                    Clock.systemUTC(), FAST, Sleeper.SYSTEM, before, DeadLetterSink.NONE, () -> 0);
            notifier.deliver(start);
            notifier.deliver(start);
            notifier.close();
        }
        try (KafkaNotifierState after = new KafkaNotifierState(KAFKA.clients(), stateTopic(KAFKA.topics()), WAIT)) {
            assertEquals("42", after.get("grafana/grafana/reboot-node-a").orElseThrow());
            GrafanaChannel channel = new GrafanaChannel(grafana.url("/grafana"), "glsa_t0k3n", List.of("prod"), null,
                    after, "grafana", TIMEOUT);
            Notifier notifier = new Notifier(List.of(new Route("grafana", channel, EventFilter.all())), metrics,
                    Clock.systemUTC(), FAST, Sleeper.SYSTEM, after, DeadLetterSink.NONE, () -> 0);
            notifier.deliver(Fixtures.progress("node-a", ProgressPhase.DRAINED));
            notifier.deliver(end);
            notifier.close();
            assertTrue(after.get("grafana/grafana/reboot-node-a").isEmpty());
        }
        try (KafkaNotifierState third = new KafkaNotifierState(KAFKA.clients(), stateTopic(KAFKA.topics()), WAIT)) {
            assertTrue(third.get("grafana/grafana/reboot-node-a").isEmpty(), "the tombstone is durable too");
        }

        List<WebhookSink.Request> calls = grafana.requests();
        assertEquals(2, calls.size(), "one POST, no second POST for the redelivered start, nothing for DRAINED, one PATCH");
        assertEquals("POST", calls.get(0).method());
        assertEquals("/grafana/api/annotations", calls.get(0).path());
        assertEquals("Bearer glsa_t0k3n", calls.get(0).header("Authorization"));
        assertEquals(JSON.readTree("{\"time\":" + start.getHeader().getOccurredAt().toEpochMilli()
                + ",\"tags\":[\"kreboot\",\"node-a\",\"reboot-node-a\",\"prod\"],\"text\":\"Draining node node-a\"}"),
                calls.get(0).body());
        assertEquals("PATCH", calls.get(1).method());
        assertEquals("/grafana/api/annotations/42", calls.get(1).path());
        assertEquals(JSON.readTree("{\"timeEnd\":" + end.getHeader().getOccurredAt().toEpochMilli()
                + ",\"tags\":[\"kreboot\",\"node-a\",\"reboot-node-a\",\"prod\",\"completed\"],"
                + "\"text\":\"Node node-a rebooted & uncordoned successfully!\"}"), calls.get(1).body());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
