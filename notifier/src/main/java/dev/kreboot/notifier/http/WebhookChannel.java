package dev.kreboot.notifier.http;

import dev.kreboot.notifier.app.Channel;
import dev.kreboot.notifier.app.DeliveryResult;
import dev.kreboot.notifier.domain.GenericWebhookBody;
import dev.kreboot.notifier.domain.Notification;
import dev.kreboot.notifier.domain.SlackMessage;
import dev.kreboot.notifier.domain.TeamsCard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * POSTs a notification as JSON to one URL and classifies the answer:
 * <ul>
 *   <li>2xx: delivered;</li>
 *   <li>408, 425, 429, 5xx, I/O errors and timeouts: retryable, with the {@code Retry-After} the
 *       endpoint sent, if any;</li>
 *   <li>any other status (other 4xx; 3xx, since redirects are not followed: configure the final
 *       URL): permanent.</li>
 * </ul>
 * Every request carries {@code Idempotency-Key: <eventId>} so a receiver can drop the duplicates an
 * at-least-once delivery may produce. The URL is a secret (tokens live in its path and query): it
 * appears in no log line and no result reason.
 *
 * <p>The body defaults to {@link GenericWebhookBody}; Slack, Teams and Grafana channels are the
 * same POST with another body function.
 */
public final class WebhookChannel implements Channel {
    private static final int SNIPPET = 200;
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final URI url;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final Function<Notification, String> body;
    private final HttpClient client;
    private final Clock clock;
    private final String kind;

    public WebhookChannel(URI url, Map<String, String> headers, Duration timeout) {
        this(url, headers, timeout, GenericWebhookBody::render, "webhook",
                HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build(),
                Clock.systemUTC());
    }

    public WebhookChannel(URI url, Map<String, String> headers, Duration timeout, Function<Notification, String> body,
                          String kind, HttpClient client, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        if (!url.isAbsolute() || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("webhook URL must be an absolute http(s) URL");
        }
        this.headers = Map.copyOf(headers == null ? Map.of() : headers);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.body = Objects.requireNonNull(body, "body");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A Slack incoming webhook: Block Kit plus fallback text. */
    public static WebhookChannel slack(URI url, String username, String channel, Duration timeout) {
        return new WebhookChannel(url, Map.of(), timeout, n -> SlackMessage.render(n, username, channel, null), "slack",
                HttpCalls.defaultClient(timeout), Clock.systemUTC());
    }

    /** A Teams Workflows webhook: the Adaptive Card envelope; Workflows answer 202 Accepted. */
    public static WebhookChannel teams(URI url, Duration timeout) {
        return new WebhookChannel(url, Map.of(), timeout, TeamsCard::render, "teams",
                HttpCalls.defaultClient(timeout), Clock.systemUTC());
    }

    /** A generic webhook with extra headers (shoutrrr's {@code @Name=value}). */
    public static WebhookChannel generic(URI url, Map<String, String> headers, Duration timeout) {
        return new WebhookChannel(url, headers, timeout);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "kreboot-notifier")
                .header("Idempotency-Key", notification.eventId())
                .POST(HttpRequest.BodyPublishers.ofString(body.apply(notification), StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return DeliveryResult.retryable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            // The worker's next wait sees the flag and stops.
            Thread.currentThread().interrupt();
            return DeliveryResult.retryable("interrupted");
        }
        int status = response.statusCode();
        String snippet = drain(response.body(), status / 100 != 2);
        if (status / 100 == 2) {
            return DeliveryResult.delivered();
        }
        String reason = "HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        if (status == 408 || status == 425 || status == 429 || status / 100 == 5) {
            return DeliveryResult.retryable(reason, response.headers().firstValue("Retry-After")
                    .flatMap(value -> RetryAfter.parse(value, clock.instant())).orElse(null));
        }
        return DeliveryResult.permanent(reason);
    }

    /**
     * Reads the response so the connection can be reused, but at most {@link #DRAIN_LIMIT} bytes: a
     * receiver that answers with a huge body gets its connection closed instead. Keeps the first
     * characters of an error body for the log.
     */
    private static String drain(InputStream in, boolean keep) {
        try (in) {
            byte[] head = in.readNBytes(keep ? SNIPPET : 0);
            in.readNBytes(DRAIN_LIMIT);
            return new String(head, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }
}
