package dev.kreboot.notifier.app;

import static dev.kreboot.notifier.testing.Await.await;
import static dev.kreboot.notifier.testing.Fixtures.decision;
import static dev.kreboot.notifier.testing.Fixtures.progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.domain.RetryPolicy;
import dev.kreboot.notifier.http.WebhookChannel;
import dev.kreboot.notifier.testing.RecordingSleeper;
import dev.kreboot.notifier.testing.WebhookSink;
import dev.kreboot.notifier.testing.WebhookSink.Response;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.SensorMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:15:31Z"), ZoneOffset.UTC);

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<WebhookSink> sinks = new ArrayList<>();
    private final List<Notifier> notifiers = new ArrayList<>();

    @AfterEach
    void stop() {
        notifiers.forEach(Notifier::close);
        sinks.forEach(WebhookSink::close);
    }

    private WebhookSink sink() {
        WebhookSink sink = new WebhookSink();
        sinks.add(sink);
        return sink;
    }

    private static Route route(String name, WebhookSink sink, String events) {
        return new Route(name, new WebhookChannel(sink.url("/" + name), Map.of(), Duration.ofSeconds(5)),
                EventFilter.parse(events));
    }

    private Notifier notifier(Sleeper sleeper, RetryPolicy policy, Route... routes) {
        Notifier notifier = new Notifier(List.of(routes), metrics, CLOCK, policy, sleeper);
        notifiers.add(notifier);
        return notifier;
    }

    private Notifier notifier(Route... routes) {
        return notifier(sleeper, RetryPolicy.defaults(), routes);
    }

    private double count(String name, String... tags) {
        var counter = metrics.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void deliversEachEventToEveryRouteWhoseFilterWantsIt() throws Exception {
        WebhookSink all = sink();
        WebhookSink grants = sink();
        Notifier notifier = notifier(route("all", all, "*"), route("grants", grants, "decision.SLOT_GRANTED"));

        notifier.deliver(progress("n1", ProgressPhase.DRAINED));
        notifier.deliver(decision("n1", DecisionType.SLOT_GRANTED));

        assertEquals(List.of("progress.DRAINED", "decision.SLOT_GRANTED"),
                all.requests().stream().map(r -> r.body().get("type").asText()).toList());
        assertEquals(List.of("decision.SLOT_GRANTED"),
                grants.requests().stream().map(r -> r.body().get("type").asText()).toList());
        assertEquals(1, count(NotifierMetrics.NOTIFICATIONS, "route", "grants", "outcome", "delivered"));
        assertEquals(2, metrics.find(NotifierMetrics.DELIVERY).tags("route", "all", "outcome", "delivered").timer().count());
        assertEquals(Duration.ofMillis(877), Duration.ofNanos((long) metrics.find(NotifierMetrics.LAG)
                .tags("route", "grants").timer().totalTime(TimeUnit.NANOSECONDS)));
    }

    @Test
    void retriesAServerErrorWithExponentialBackoffUntilAccepted() throws Exception {
        WebhookSink sink = sink().respond((attempt, body) -> attempt <= 2 ? Response.status(500) : Response.ok());
        Notifier notifier = notifier(route("hook", sink, "*"));

        notifier.deliver(progress("n1", ProgressPhase.REBOOTING));

        assertEquals(List.of(500, 500, 200), sink.requests().stream().map(WebhookSink.Request::status).toList());
        assertEquals(1, sink.requests().stream().map(WebhookSink.Request::eventId).distinct().count());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.waits());
        assertEquals(2, count(NotifierMetrics.RETRIES, "route", "hook"));
        assertEquals(1, count(NotifierMetrics.NOTIFICATIONS, "route", "hook", "outcome", "delivered"));
    }

    @Test
    void asksTheSleeperForExactlyTheRetryAfterOfA429() throws Exception {
        WebhookSink sink = sink().respond((attempt, body) -> attempt == 1
                ? new Response(429, Map.of("Retry-After", "7"), "") : Response.ok());
        Notifier notifier = notifier(route("hook", sink, "*"));

        notifier.deliver(progress("n1", ProgressPhase.REBOOTING));

        assertEquals(2, sink.requests().size());
        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits());
    }

    @Test
    void waitsForTheRetryAfterOfA429BeforeTheNextAttempt() throws Exception {
        WebhookSink sink = sink().respond((attempt, body) -> attempt == 1
                ? new Response(429, Map.of("Retry-After", "1"), "") : Response.ok());
        Notifier notifier = notifier(Sleeper.SYSTEM, RetryPolicy.upTo(Duration.ofMillis(10), Duration.ofMillis(10)),
                route("hook", sink, "*"));

        notifier.deliver(progress("n1", ProgressPhase.REBOOTING));

        List<WebhookSink.Request> requests = sink.requests();
        assertEquals(2, requests.size());
        Duration between = Duration.ofNanos(requests.get(1).receivedNanos() - requests.get(0).receivedNanos());
        assertTrue(between.compareTo(Duration.ofSeconds(1)) >= 0, "second attempt only " + between + " after the 429");
    }

    @Test
    void aFailingRouteDoesNotHoldUpAnother() throws Exception {
        WebhookSink failing = sink().alwaysAnswer(503);
        WebhookSink healthy = sink();
        Notifier notifier = notifier(Sleeper.SYSTEM, RetryPolicy.upTo(Duration.ofMillis(20), Duration.ofMillis(100)),
                route("a", failing, "*"), route("b", healthy, "*"));
        NodeProgress event = progress("n1", ProgressPhase.CORDONED);

        CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> deliverUnchecked(notifier, event));

        await(WAIT, () -> healthy.accepted().size() == 1 && failing.requests().size() >= 3);
        assertFalse(delivery.isDone(), "deliver must wait for every route");
        assertTrue(notifier.pending(event.getHeader().getEventId()).get("a").startsWith("HTTP 503"));
        assertFalse(notifier.pending(event.getHeader().getEventId()).containsKey("b"));

        failing.respond((attempt, body) -> Response.ok());
        delivery.get();

        assertEquals(1, failing.accepted().size());
        assertEquals(1, healthy.requests().size(), "b accepted once and was not asked again");
    }

    @Test
    void anEventHandedOverAgainIsNotResentToRoutesThatAcceptedIt() throws Exception {
        WebhookSink a = sink();
        WebhookSink b = sink().alwaysAnswer(503);
        Notifier notifier = notifier(Sleeper.SYSTEM, RetryPolicy.upTo(Duration.ofMillis(20), Duration.ofMillis(100)),
                route("a", a, "*"), route("b", b, "*"));
        NodeProgress event = progress("n1", ProgressPhase.DRAINED);

        assertFalse(notifier.deliver(event, Duration.ofMillis(200)));
        await(WAIT, () -> b.requests().size() >= 2);
        assertFalse(notifier.deliver(event, Duration.ofMillis(50)));
        b.respond((attempt, body) -> Response.ok());
        assertTrue(notifier.deliver(event, WAIT));
        int attemptsOnB = b.requests().size();

        notifier.deliver(event);

        assertEquals(1, a.requests().size());
        assertEquals(1, b.accepted().size());
        assertEquals(attemptsOnB, b.requests().size(), "a settled event is not sent again");
    }

    @Test
    void aPermanentRefusalIsCountedAndNotRetried() throws Exception {
        WebhookSink sink = sink().alwaysAnswer(404);
        Notifier notifier = notifier(route("hook", sink, "*"));

        notifier.deliver(decision("n1", DecisionType.NODE_STUCK));

        assertEquals(1, sink.requests().size());
        assertEquals(List.of(), sleeper.waits());
        assertEquals(1, count(NotifierMetrics.NOTIFICATIONS, "route", "hook", "type", "decision.NODE_STUCK",
                "outcome", "rejected"));
        assertEquals(1, metrics.find(NotifierMetrics.DELIVERY).tags("route", "hook", "outcome", "permanent").timer().count());
    }

    @Test
    void aChannelThatThrowsIsRetriedNotDropped() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Channel flaky = n -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("bug");
            }
            return DeliveryResult.delivered();
        };
        Notifier notifier = notifier(new Route("flaky", flaky, EventFilter.all()));

        notifier.deliver(progress("n1", ProgressPhase.DRAINED));

        assertEquals(2, calls.get());
    }

    @Test
    void skipsRecordsThatAreNotNotifications() throws Exception {
        WebhookSink sink = sink();
        Notifier notifier = notifier(route("hook", sink, "*"));
        NodeStatus status = NodeStatus.newBuilder()
                .setHeader(progress("n1", ProgressPhase.DRAINED).getHeader())
                .setRebootRequired(true).setBootId("b").setSensorMode(SensorMode.FILE).setSequence(1).build();

        notifier.deliver(status);

        assertEquals(0, sink.requests().size());
        assertEquals(1, count(NotifierMetrics.IGNORED, "record", "NodeStatus"));
    }

    @Test
    void closingStopsTheRetriesAndFailsTheWaitingCaller() throws Exception {
        WebhookSink sink = sink().alwaysAnswer(503);
        Notifier notifier = notifier(Sleeper.SYSTEM, RetryPolicy.upTo(Duration.ofMillis(20), Duration.ofMillis(100)),
                route("hook", sink, "*"));
        CompletableFuture<Void> delivery = CompletableFuture.runAsync(
                () -> deliverUnchecked(notifier, progress("n1", ProgressPhase.DRAINED)));
        await(WAIT, () -> sink.requests().size() >= 2);

        notifier.close();

        ExecutionException e = assertThrows(ExecutionException.class, delivery::get);
        assertTrue(e.getCause().getMessage().contains("[hook]"), e.getCause().getMessage());
    }

    private static void deliverUnchecked(Notifier notifier, NodeProgress event) {
        try {
            notifier.deliver(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
