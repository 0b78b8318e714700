package dev.kreboot.notifier.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.notifier.app.Channel;
import dev.kreboot.notifier.app.DeliveryResult;
import dev.kreboot.notifier.app.NotifierState;
import dev.kreboot.notifier.domain.Notification;
import dev.kreboot.notifier.domain.SlackMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Posts through Slack's Web API with a bot token ({@code POST <api>/chat.postMessage}), one thread
 * per reboot:
 * <ol>
 *   <li>the first message of a reboot id is posted to the channel; its {@code ts} is kept in the
 *       {@link NotifierState} under {@code thread/<route>/<rebootId>};</li>
 *   <li>every later message of that reboot is a reply ({@code thread_ts}), so a channel shows one
 *       line per reboot and the thread tells the story; events without a reboot id are top-level.</li>
 * </ol>
 * Slack answers HTTP 200 with {@code {"ok": false, "error": ...}} for most failures: {@code ratelimited}
 * and Slack's own transient errors are retryable, any other error (bad token, unknown channel) is
 * permanent. The API base URL is configurable so tests point it at a local server.
 */
public final class SlackBotChannel implements Channel {
    public static final URI DEFAULT_API = URI.create("https://slack.com/api");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    private final HttpCalls.Endpoint postMessage;
    private final String token;
    private final String channel;
    private final String username;
    private final NotifierState state;
    private final String route;

    public SlackBotChannel(URI api, String token, String channel, String username, NotifierState state, String route,
                           Duration timeout) {
        this(api, token, channel, username, state, route, timeout, HttpCalls.defaultClient(timeout), Clock.systemUTC());
    }

    public SlackBotChannel(URI api, String token, String channel, String username, NotifierState state, String route,
                           Duration timeout, HttpClient client, Clock clock) {
        this.postMessage = HttpCalls.Endpoint.under(api, "chat.postMessage", timeout, client, clock);
        this.token = Objects.requireNonNull(token, "token");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.username = username;
        this.state = Objects.requireNonNull(state, "state");
        this.route = Objects.requireNonNull(route, "route");
    }

    @Override
    public String kind() {
        return "slack-bot";
    }

    @Override
    public DeliveryResult send(Notification n) {
        String threadKey = n.rebootId() == null ? null : "thread/" + route + "/" + n.rebootId();
        String threadTs = threadKey == null ? null : state.get(threadKey).orElse(null);
        HttpRequest request = postMessage.json(postMessage.uri(), n)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(SlackMessage.render(n, username, channel, threadTs),
                        StandardCharsets.UTF_8))
                .build();
        HttpCalls.Answer answer;
        try {
            answer = postMessage.exchange(request);
        } catch (HttpCalls.NoAnswer e) {
            return e.result();
        }
        if (!answer.ok()) {
            return answer.failure();
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            return DeliveryResult.retryable("Slack answered with something that is not JSON");
        }
        if (!body.path("ok").asBoolean(false)) {
            String error = body.path("error").asText("unknown_error");
            return TRANSIENT.contains(error)
                    ? DeliveryResult.retryable("Slack error " + error, answer.retryAfter().orElse(null))
                    : DeliveryResult.permanent("Slack error " + error);
        }
        String ts = body.path("ts").asText("");
        if (threadKey != null && threadTs == null && !ts.isEmpty()) {
            state.put(threadKey, ts);
        }
        return DeliveryResult.delivered();
    }

    Optional<String> thread(String rebootId) {
        return state.get("thread/" + route + "/" + rebootId);
    }
}
