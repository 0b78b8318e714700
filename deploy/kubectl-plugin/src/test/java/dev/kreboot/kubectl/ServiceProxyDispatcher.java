package dev.kreboot.kubectl;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD API server plus what it lacks for the plugin: the service proxy
 * ({@code /api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH}), forwarded over real HTTP to
 * the coordinator's real server, the way the API server forwards it. Like the API server it drops
 * the caller's {@code Authorization} (consumed by authentication) and answers 503 with a
 * {@code Status} when nothing listens behind the Service. Everything else goes to the CRUD
 * dispatcher. It never calls a fabric8 client (that would deadlock the mock server).
 */
final class ServiceProxyDispatcher extends Dispatcher {
    private static final Pattern PROXY = Pattern.compile("/api/v1/namespaces/([^/]+)/services/([^/:]+)(:[^/]+)?/proxy(/.*)");
    private static final Set<String> DROPPED = Set.of("authorization", "host", "content-length", "connection",
            "upgrade", "http2-settings");
    private final Dispatcher crud;
    private final AtomicReference<String> target = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServiceProxyDispatcher(Dispatcher crud) {
        this.crud = crud;
    }

    /** The base URL (http://127.0.0.1:port) behind the proxied Service; null: no endpoints. */
    void endpoints(String baseUrl) {
        target.set(baseUrl);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = PROXY.matcher(request.getPath());
        if (!m.matches()) {
            return crud.dispatch(request);
        }
        String service = m.group(2) + (m.group(3) == null ? "" : m.group(3));
        String base = target.get();
        if (base == null) {
            return unavailable(service);
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(base + m.group(4)))
                .timeout(Duration.ofSeconds(10))
                .method(request.getMethod(), HttpRequest.BodyPublishers.ofString(request.getUtf8Body()));
        request.getHeaders().toMultimap().forEach((name, values) -> {
            if (!DROPPED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        try {
            HttpResponse<String> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            return new MockResponse().setResponseCode(answer.statusCode())
                    .setHeader("Content-Type", answer.headers().firstValue("Content-Type").orElse("application/json"))
                    .setBody(answer.body());
        } catch (IOException e) {
            return unavailable(service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(service);
        }
    }

    private static MockResponse unavailable(String service) {
        return new MockResponse().setResponseCode(503).setHeader("Content-Type", "application/json")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"no endpoints available for service \\\"" + service + "\\\"\","
                        + "\"reason\":\"ServiceUnavailable\",\"code\":503}");
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }
}
