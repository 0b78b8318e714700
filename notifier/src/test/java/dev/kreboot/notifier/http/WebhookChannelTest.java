package dev.kreboot.notifier.http;

import static dev.kreboot.notifier.testing.Fixtures.progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.notifier.app.DeliveryResult;
import dev.kreboot.notifier.domain.Notification;
import dev.kreboot.notifier.domain.NotificationRenderer;
import dev.kreboot.notifier.testing.WebhookSink;
import dev.kreboot.schemas.ProgressPhase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final WebhookSink sink = new WebhookSink();
    private final Notification notification =
            new NotificationRenderer().render(progress("n1", ProgressPhase.REBOOTING)).orElseThrow();

    @AfterEach
    void stop() {
        sink.close();
    }

    private WebhookChannel channel(String path) {
        return new WebhookChannel(sink.url(path), Map.of("Authorization", "Bearer t0ken"), TIMEOUT);
    }

    @Test
    void postsTheGenericJsonWithAnIdempotencyKeyAndTheConfiguredHeaders() {
        DeliveryResult result = channel("/hooks/abc").send(notification);

        assertInstanceOf(DeliveryResult.Delivered.class, result);
        WebhookSink.Request request = sink.requests().get(0);
        assertEquals("/hooks/abc", request.path());
        assertEquals(notification.eventId(), request.header("Idempotency-Key"));
        assertEquals("Bearer t0ken", request.header("Authorization"));
        assertTrue(request.header("Content-Type").startsWith("application/json"));
        assertEquals("Rebooting node n1", request.body().get("text").asText());
        assertEquals("progress.REBOOTING", request.body().get("type").asText());
    }

    @Test
    void serverErrorsAreRetryable() {
        sink.alwaysAnswer(503);

        DeliveryResult result = channel("/").send(notification);

        DeliveryResult.Retryable retryable = assertInstanceOf(DeliveryResult.Retryable.class, result);
        assertEquals(Optional.empty(), retryable.retryAfter());
        assertTrue(retryable.reason().startsWith("HTTP 503"), retryable.reason());
    }

    @Test
    void tooManyRequestsCarriesTheRetryAfter() {
        sink.respond((attempt, body) -> new WebhookSink.Response(429, Map.of("Retry-After", "7"), "slow down"));

        DeliveryResult.Retryable retryable = assertInstanceOf(DeliveryResult.Retryable.class,
                channel("/").send(notification));

        assertEquals(Optional.of(Duration.ofSeconds(7)), retryable.retryAfter());
        assertEquals("HTTP 429: slow down", retryable.reason());
    }

    @Test
    void otherClientErrorsArePermanentAndKeepTheUrlSecret() {
        sink.respond((attempt, body) -> new WebhookSink.Response(404, Map.of(), "no such hook"));

        DeliveryResult result = channel("/services/T000/B000/s3cr3t").send(notification);

        DeliveryResult.Permanent permanent = assertInstanceOf(DeliveryResult.Permanent.class, result);
        assertEquals("HTTP 404: no such hook", permanent.reason());
        assertFalse(permanent.reason().contains("s3cr3t"));
    }

    @Test
    void anUnreachableEndpointIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WebhookChannel channel = new WebhookChannel(URI.create("http://127.0.0.1:" + closedPort + "/s3cr3t"), Map.of(),
                TIMEOUT);

        DeliveryResult result = channel.send(notification);

        assertInstanceOf(DeliveryResult.Retryable.class, result);
        assertFalse(result.reason().contains("s3cr3t"), result.reason());
    }

    @Test
    void refusesAUrlThatIsNotHttp() {
        assertThrows(IllegalArgumentException.class,
                () -> new WebhookChannel(URI.create("ftp://example.com/x"), Map.of(), TIMEOUT));
        assertThrows(IllegalArgumentException.class,
                () -> new WebhookChannel(URI.create("/relative"), Map.of(), TIMEOUT));
    }
}
