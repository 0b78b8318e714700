package dev.kreboot.notifier.http;

import dev.kreboot.notifier.app.DeliveryResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
