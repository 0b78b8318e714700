package dev.kreboot.notifier.http;

import dev.kreboot.notifier.app.DeliveryResult;
import dev.kreboot.notifier.domain.Notification;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP exchange for the API channels (Slack's Web API, Grafana), with the same classification
 * as {@link WebhookChannel}: 2xx answered; 408, 425, 429, 5xx and I/O errors retryable (with the
 * {@code Retry-After}); other statuses permanent. Reasons never contain the URL or a token.
 */
final class HttpCalls {
    private static final int BODY_LIMIT = 64 * 1024;
    private static final int SNIPPET = 200;

    /** What the server answered. */
    record Answer(int status, String body, Optional<Duration> retryAfter) {
        boolean ok() {
            return status / 100 == 2;
        }

        DeliveryResult failure() {
            String snippet = body.length() > SNIPPET ? body.substring(0, SNIPPET) : body;
            String reason = "HTTP " + status + (snippet.isBlank() ? "" : ": " + snippet.strip().replaceAll("\\s+", " "));
            if (status == 408 || status == 425 || status == 429 || status / 100 == 5) {
                return DeliveryResult.retryable(reason, retryAfter.orElse(null));
            }
            return DeliveryResult.permanent(reason);
        }
    }

    /** The exchange did not produce an answer; {@link #result} says how to go on. */
    static final class NoAnswer extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient DeliveryResult result;

        NoAnswer(DeliveryResult result) {
            super(result.reason(), null, false, false);
            this.result = result;
        }

        DeliveryResult result() {
            return result;
        }
    }

    /**
     * Where an API channel sends its requests, and how: the endpoint under the configured base URL,
     * the per-request timeout, the client and the clock that reads {@code Retry-After} dates.
     */
    record Endpoint(URI uri, Duration timeout, HttpClient client, Clock clock) {
        Endpoint {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(clock, "clock");
        }

        /** {@code path} under {@code base}, whether or not the base ends with a slash. */
        static Endpoint under(URI base, String path, Duration timeout, HttpClient client, Clock clock) {
            String text = Objects.requireNonNull(base, "base").toString();
            return new Endpoint(URI.create((text.endsWith("/") ? text : text + "/") + path), timeout, client, clock);
        }

        /**
         * A JSON request to {@code target} (this endpoint or below it) with the headers every notifier
         * request carries, {@code Idempotency-Key: <eventId>} among them: the APIs ignore it, receivers
         * and test sinks count duplicates by it.
         */
        HttpRequest.Builder json(URI target, Notification n) {
            return HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "kreboot-notifier")
                    .header("Idempotency-Key", n.eventId());
        }

        Answer exchange(HttpRequest request) throws NoAnswer {
            return HttpCalls.exchange(client, request, clock);
        }
    }

    private HttpCalls() {
    }

    static Answer exchange(HttpClient client, HttpRequest request, Clock clock) throws NoAnswer {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new NoAnswer(DeliveryResult.retryable(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer(DeliveryResult.retryable("interrupted"));
        }
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NoAnswer(DeliveryResult.retryable("reading the answer failed: " + e.getClass().getSimpleName()));
        }
        return new Answer(response.statusCode(), body, response.headers().firstValue("Retry-After")
                .flatMap(value -> RetryAfter.parse(value, clock.instant())));
    }

    static HttpClient defaultClient(Duration timeout) {
        return HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
