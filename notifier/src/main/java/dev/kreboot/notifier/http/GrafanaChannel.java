package dev.kreboot.notifier.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.notifier.app.Channel;
import dev.kreboot.notifier.app.DeliveryResult;
import dev.kreboot.notifier.app.NotifierState;
import dev.kreboot.notifier.domain.GrafanaAnnotation;
import dev.kreboot.notifier.domain.JsonTree;
import dev.kreboot.notifier.domain.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Draws each reboot as a region on Grafana dashboards through the annotations HTTP API (see
 * {@link GrafanaAnnotation} for which events open and close a region):
 * <ol>
 *   <li>open: {@code POST <base>/api/annotations}; the {@code id} Grafana answers is stored in the
 *       {@link NotifierState} ({@code grafana/<route>/<rebootId>}) before the event counts as
 *       delivered, so a restarted notifier still closes the region. An id already stored means the
 *       region is open: a redelivered drain start posts nothing;</li>
 *   <li>close: {@code PATCH <base>/api/annotations/<id>} with {@code timeEnd}; the stored id is then
 *       removed. Without a stored id (the region was opened before this route existed), or when Grafana
 *       no longer knows the id (404: someone deleted it), a point annotation is posted instead.</li>
 * </ol>
 * Authenticates with {@code Authorization: Bearer <service account token>} when a token is set.
 */
public final class GrafanaChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpCalls.Endpoint annotations;
    private final String token;
    private final List<String> extraTags;
    private final String dashboardUid;
    private final NotifierState state;
    private final String route;

    public GrafanaChannel(URI base, String token, List<String> extraTags, String dashboardUid, NotifierState state,
                          String route, Duration timeout) {
        this(base, token, extraTags, dashboardUid, state, route, timeout, HttpCalls.defaultClient(timeout),
                Clock.systemUTC());
    }

    public GrafanaChannel(URI base, String token, List<String> extraTags, String dashboardUid, NotifierState state,
                          String route, Duration timeout, HttpClient client, Clock clock) {
        this.annotations = HttpCalls.Endpoint.under(base, "api/annotations", timeout, client, clock);
        this.token = token;
        this.extraTags = List.copyOf(extraTags);
        this.dashboardUid = dashboardUid;
        this.state = Objects.requireNonNull(state, "state");
        this.route = Objects.requireNonNull(route, "route");
    }

    @Override
    public String kind() {
        return "grafana";
    }

    @Override
    public DeliveryResult send(Notification n) {
        String key = "grafana/" + route + "/" + GrafanaAnnotation.regionKey(n);
        return switch (GrafanaAnnotation.action(n.type())) {
            case SKIP -> DeliveryResult.delivered();
            case OPEN -> state.get(key).isPresent() ? DeliveryResult.delivered() : open(n, key);
            case CLOSE -> close(n, key);
        };
    }

    private DeliveryResult open(Notification n, String key) {
        try {
            HttpCalls.Answer answer = call("POST", annotations.uri(), GrafanaAnnotation.open(n, extraTags, dashboardUid), n);
            if (!answer.ok()) {
                return answer.failure();
            }
            String id = idOf(answer);
            if (id == null) {
                return DeliveryResult.permanent("Grafana answered without an annotation id");
            }
            state.put(key, id);
            return DeliveryResult.delivered();
        } catch (HttpCalls.NoAnswer e) {
            return e.result();
        }
    }

    private DeliveryResult close(Notification n, String key) {
        try {
            String id = state.get(key).orElse(null);
            if (id != null) {
                HttpCalls.Answer answer = call("PATCH", URI.create(annotations.uri() + "/" + id),
                        GrafanaAnnotation.close(n, extraTags), n);
                if (answer.ok()) {
                    state.remove(key);
                    return DeliveryResult.delivered();
                }
                if (answer.status() != 404) {
                    return answer.failure();
                }
                state.remove(key);
            }
            HttpCalls.Answer answer = call("POST", annotations.uri(), GrafanaAnnotation.point(n, extraTags, dashboardUid), n);
            return answer.ok() ? DeliveryResult.delivered() : answer.failure();
        } catch (HttpCalls.NoAnswer e) {
            return e.result();
        }
    }

    private HttpCalls.Answer call(String method, URI uri, Map<String, Object> body, Notification n)
            throws HttpCalls.NoAnswer {
        HttpRequest.Builder request = annotations.json(uri, n)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JsonTree.write(body), StandardCharsets.UTF_8));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        return annotations.exchange(request.build());
    }

    private static String idOf(HttpCalls.Answer answer) {
        try {
            JsonNode id = JSON.readTree(answer.body()).path("id");
            return id.isNumber() || id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
