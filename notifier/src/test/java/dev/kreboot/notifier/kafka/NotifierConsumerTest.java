package dev.kreboot.notifier.kafka;

import static dev.kreboot.notifier.testing.Await.await;
import static dev.kreboot.notifier.testing.Fixtures.decision;
import static dev.kreboot.notifier.testing.Fixtures.progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.notifier.app.Route;
import dev.kreboot.notifier.app.Sleeper;
import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.domain.RetryPolicy;
import dev.kreboot.notifier.http.WebhookChannel;
import dev.kreboot.notifier.testing.NotifierKafka;
import dev.kreboot.notifier.testing.WebhookSink;
import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.MetricNames;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotifierConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RetryPolicy FAST = RetryPolicy.upTo(Duration.ofMillis(20), Duration.ofMillis(200));

    @RegisterExtension
    static final NotifierKafka KAFKA = new NotifierKafka("notifier-test-sender", topics -> topics.specs(1));

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final WebhookSink sink = new WebhookSink();
    private final String group = "notifier-test-" + UUID.randomUUID();

    @AfterEach
    void stopSink() {
        sink.close();
    }

    private NotifierConsumer start(Duration hold) {
        Notifier notifier = new Notifier(List.of(new Route("sink",
                new WebhookChannel(sink.url("/hook"), Map.of(), Duration.ofSeconds(5)), EventFilter.all())),
                metrics, Clock.systemUTC(), FAST, Sleeper.SYSTEM);
        KAFKA.opened(notifier);
        NotifierConsumer consumer = new NotifierConsumer(KAFKA.clients(), KAFKA.topics(), group, notifier, metrics,
                null, hold);
        KAFKA.opened(consumer);
        return consumer.start();
    }

    private NodeProgress send(String node, ProgressPhase phase) {
        NodeProgress event = progress(node, phase);
        KAFKA.sender().send(KAFKA.topics().progress(), node, event);
        return event;
    }

    private boolean committed(long offset) {
        try (Admin admin = Admin.create(KAFKA.clients().common())) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(KAFKA.topics().progress(), 0));
            return committed != null && committed.offset() == offset;
        } catch (Exception e) {
            return false;
        }
    }

    private List<String> acceptedIds(String node) {
        return sink.accepted().stream().filter(r -> r.node().equals(node)).map(WebhookSink.Request::eventId).toList();
    }

    @Test
    void deliversEveryEventOnceAndInOrderPerNode() {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (ProgressPhase phase : List.of(ProgressPhase.CORDONED, ProgressPhase.DRAINED, ProgressPhase.REBOOTING,
                ProgressPhase.COMPLETED)) {
            for (String node : List.of("n1", "n2", "n3")) {
                sent.computeIfAbsent(node, n -> new ArrayList<>()).add(send(node, phase).getHeader().getEventId());
            }
        }
        Decision granted = decision("n1", DecisionType.SLOT_GRANTED);
        KAFKA.sender().send(KAFKA.topics().decisions(), "n1", granted);

        start(NotifierConsumer.DEFAULT_HOLD);

        await(WAIT, () -> sink.accepted().size() == 13, () -> "received " + sink.requests().size());
        sent.forEach((node, ids) -> assertEquals(ids, acceptedIds(node).stream()
                .filter(id -> !id.equals(granted.getHeader().getEventId())).toList(), node));
        assertEquals(13, sink.requests().stream().map(WebhookSink.Request::eventId).distinct().count());
        assertEquals(13, sink.requests().size());
    }

    @Test
    void aRestartedConsumerDoesNotResendWhatWasDelivered() throws Exception {
        List<String> ids = new ArrayList<>();
        for (ProgressPhase phase : List.of(ProgressPhase.CORDONED, ProgressPhase.DRAINED, ProgressPhase.REBOOTING)) {
            ids.add(send("n1", phase).getHeader().getEventId());
        }
        NotifierConsumer first = start(NotifierConsumer.DEFAULT_HOLD);
        await(WAIT, () -> sink.accepted().size() == 3);
        await(WAIT, () -> committed(3));
        first.close();

        ids.add(send("n1", ProgressPhase.COMPLETED).getHeader().getEventId());
        start(NotifierConsumer.DEFAULT_HOLD);

        await(WAIT, () -> sink.accepted().size() >= 4);
        assertEquals(ids, acceptedIds("n1"));
        assertEquals(4, sink.requests().size());
    }

    @Test
    void anEndpointThatWasDownReceivesEverythingOnceItIsUp() {
        sink.alwaysAnswer(503);
        List<String> ids = new ArrayList<>();
        for (ProgressPhase phase : List.of(ProgressPhase.CORDONED, ProgressPhase.DRAIN_PROGRESS,
                ProgressPhase.DRAINED, ProgressPhase.REBOOTING, ProgressPhase.REBOOTED)) {
            ids.add(send("n1", phase).getHeader().getEventId());
        }
        start(NotifierConsumer.DEFAULT_HOLD);
        await(WAIT, () -> sink.requests().size() >= 10);
        assertEquals(List.of(ids.get(0)),
                sink.requests().stream().map(WebhookSink.Request::eventId).distinct().toList(),
                "the route's queue keeps order: nothing past the first event is sent while it is pending");

        sink.respond((attempt, body) -> WebhookSink.Response.ok());

        await(WAIT, () -> sink.accepted().size() >= 5);
        assertEquals(ids, acceptedIds("n1"));
        await(WAIT, () -> committed(5));
    }

    @Test
    void aRouteThatIsDownDelaysNeitherTheOtherRouteNorLaterEventsButHoldsTheCommit() {
        try (WebhookSink down = new WebhookSink()) {
            down.alwaysAnswer(503);
            Notifier notifier = new Notifier(List.of(
                    new Route("up", new WebhookChannel(sink.url("/up"), Map.of(), Duration.ofSeconds(5)), EventFilter.all()),
                    new Route("down", new WebhookChannel(down.url("/down"), Map.of(), Duration.ofSeconds(5)),
                            EventFilter.all())),
                    metrics, Clock.systemUTC(), FAST, Sleeper.SYSTEM);
            KAFKA.opened(notifier);
            KAFKA.opened(new NotifierConsumer(KAFKA.clients(), KAFKA.topics(), group, notifier, metrics, null,
                    NotifierConsumer.DEFAULT_HOLD)
                    .start());
            List<String> ids = new ArrayList<>();
            for (String node : List.of("n1", "n2", "n3", "n4", "n5")) {
                ids.add(send(node, ProgressPhase.CORDONED).getHeader().getEventId());
            }

            await(WAIT, () -> sink.accepted().size() == 5, () -> "up received " + sink.requests().size());
            assertEquals(ids, sink.accepted().stream().map(WebhookSink.Request::eventId).toList());
            assertTrue(down.accepted().isEmpty());
            assertTrue(!committed(5), "nothing is committed past an event a route has not settled");

            down.respond((attempt, body) -> WebhookSink.Response.ok());
            await(WAIT, () -> down.accepted().size() == 5);
            assertEquals(ids, down.accepted().stream().map(WebhookSink.Request::eventId).toList(),
                    "the late route still gets every event, in order");
            await(WAIT, () -> committed(5));
            assertEquals(5, sink.requests().size(), "the route that was up got each event once");
        }
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicAndDeliveryCarriesOn() throws Exception {
        KAFKA.sender().producer().send(new ProducerRecord<>(KAFKA.topics().progress(), "n1",
                "not avro".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        String id = send("n1", ProgressPhase.DRAINED).getHeader().getEventId();

        start(NotifierConsumer.DEFAULT_HOLD);

        await(WAIT, () -> sink.accepted().size() == 1);
        assertEquals(List.of(id), acceptedIds("n1"));
        assertEquals(1.0, metrics.find(MetricNames.DLQ_MESSAGES).counter().count());
    }
}
