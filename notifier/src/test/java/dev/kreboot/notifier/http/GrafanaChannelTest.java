package dev.kreboot.notifier.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.notifier.app.DeliveryResult;
import dev.kreboot.notifier.app.InMemoryNotifierState;
import dev.kreboot.notifier.domain.Notification;
import dev.kreboot.notifier.domain.NotificationRenderer;
import dev.kreboot.notifier.testing.Fixtures;
import dev.kreboot.notifier.testing.WebhookSink;
import dev.kreboot.notifier.testing.WebhookSink.Response;
import dev.kreboot.schemas.ProgressPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrafanaChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebhookSink grafana = new WebhookSink();
    private final InMemoryNotifierState state = new InMemoryNotifierState();
    private final GrafanaChannel channel = new GrafanaChannel(grafana.url(""), null, List.of(), "dash-1", state,
            "grafana", Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        grafana.close();
    }

    private static Notification of(ProgressPhase phase) {
        return new NotificationRenderer().render(Fixtures.progress("node-a", phase)).orElseThrow();
    }

    @Test
    void anEndWithoutAKnownRegionPostsAPointAnnotationWithTheOutcome() throws Exception {
        Notification failed = of(ProgressPhase.FAILED);

        assertEquals(DeliveryResult.delivered(), channel.send(failed));

        WebhookSink.Request post = grafana.requests().get(0);
        assertEquals("POST", post.method());
        assertEquals("/api/annotations", post.path());
        long at = failed.occurredAt().toEpochMilli();
        assertEquals(JSON.readTree("{\"dashboardUID\":\"dash-1\",\"time\":" + at + ",\"timeEnd\":" + at
                + ",\"tags\":[\"kreboot\",\"node-a\",\"reboot-node-a\",\"failed\"],\"text\":\"Rebooting node node-a failed\"}"),
                post.body());
        assertTrue(post.header("Authorization") == null, "no token configured, no header");
        assertEquals(failed.eventId(), post.header("Idempotency-Key"));
    }

    @Test
    void aRegionDeletedInGrafanaIsReplacedByAPoint() {
        state.put("grafana/grafana/reboot-node-a", "7");
        grafana.respond((attempt, body) -> attempt == 1 ? Response.json(404, "{\"message\":\"not found\"}")
                : Response.json(200, "{\"id\":8}"));

        assertEquals(DeliveryResult.delivered(), channel.send(of(ProgressPhase.COMPLETED)));

        assertEquals(List.of("PATCH /api/annotations/7", "POST /api/annotations"),
                grafana.requests().stream().map(r -> r.method() + " " + r.path()).toList());
        assertTrue(state.get("grafana/grafana/reboot-node-a").isEmpty());
    }

    @Test
    void aServerErrorOnOpenIsRetryableAndRemembersNothing() {
        grafana.respond((attempt, body) -> new Response(503, Map.of("Retry-After", "2"), ""));

        DeliveryResult result = channel.send(of(ProgressPhase.CORDONED));

        assertInstanceOf(DeliveryResult.Retryable.class, result);
        assertEquals(Duration.ofSeconds(2), ((DeliveryResult.Retryable) result).retryAfter().orElseThrow());
        assertTrue(state.get("grafana/grafana/reboot-node-a").isEmpty());
    }

    @Test
    void stepsBetweenStartAndEndCallNothing() {
        assertEquals(DeliveryResult.delivered(), channel.send(of(ProgressPhase.DRAINED)));
        assertTrue(grafana.requests().isEmpty());
    }
}
