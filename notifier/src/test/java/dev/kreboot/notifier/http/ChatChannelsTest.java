package dev.kreboot.notifier.http;

import static dev.kreboot.notifier.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.notifier.app.DeliveryResult;
import dev.kreboot.notifier.app.InMemoryNotifierState;
import dev.kreboot.notifier.app.Notifier;
import dev.kreboot.notifier.app.RateLimitedChannel;
import dev.kreboot.notifier.app.Route;
import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.domain.NotificationRenderer;
import dev.kreboot.notifier.domain.RetryPolicy;
import dev.kreboot.notifier.domain.SlackMessage;
import dev.kreboot.notifier.domain.TeamsCard;
import dev.kreboot.notifier.domain.Templates;
import dev.kreboot.notifier.testing.Fixtures;
import dev.kreboot.notifier.testing.RecordingSleeper;
import dev.kreboot.notifier.testing.WebhookSink;
import dev.kreboot.notifier.testing.WebhookSink.Response;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slack (webhook and bot) and Teams channels against real local HTTP servers, through the notifier. */
class ChatChannelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebhookSink slack = new WebhookSink();
    private final WebhookSink teams = new WebhookSink();
    private final WebhookSink slackApi = new WebhookSink();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private Notifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        slack.close();
        teams.close();
        slackApi.close();
    }

    private Notifier notifier(Route... routes) {
        notifier = new Notifier(List.of(routes), metrics, Clock.systemUTC(),
                RetryPolicy.upTo(Duration.ofMillis(10), Duration.ofMillis(50)), sleeper);
        return notifier;
    }

    private static String expectedSlack(NodeProgress event) {
        return SlackMessage.render(new NotificationRenderer().render(event).orElseThrow(), null, null, null);
    }

    @Test
    void slackWebhookGetsBlockKitWithFallbackTextAndHonours429RetryAfter() throws Exception {
        slack.respond((attempt, body) -> attempt == 1
                ? new Response(429, Map.of("Retry-After", "7"), "rate_limited") : Response.ok());
        notifier(new Route("slack", new RateLimitedChannel(WebhookChannel.slack(slack.url("/services/T/B/X"), null, null,
                TIMEOUT), Duration.ofSeconds(1), Clock.systemUTC(), sleeper), EventFilter.all()));
        NodeProgress event = Fixtures.progress("node-a", ProgressPhase.REBOOTING);

        notifier.deliver(event);

        assertEquals(2, slack.requests().size());
        assertEquals(1, slack.accepted().size());
        assertEquals(JSON.readTree(expectedSlack(event)), slack.accepted().get(0).body());
        assertEquals("Rebooting node node-a", slack.accepted().get(0).body().path("text").asText());
        assertTrue(sleeper.waits().contains(Duration.ofSeconds(7)), sleeper.waits().toString());
        assertEquals(1.0, metrics.counter("kreboot.notifier.retried", "route", "slack", "channel", "slack").count());
        assertEquals(1.0, metrics.counter("kreboot.notifier.sent", "route", "slack", "channel", "slack").count());
    }

    @Test
    void teamsWorkflowAccepts202AndGetsTheAdaptiveCardAfterAnOutage() throws Exception {
        teams.respond((attempt, body) -> attempt <= 3 ? Response.status(503) : Response.status(202));
        notifier(new Route("teams", WebhookChannel.teams(teams.url("/workflows/abc"), TIMEOUT), EventFilter.all()));
        NodeProgress event = Fixtures.progress("node-a", ProgressPhase.COMPLETED);

        notifier.deliver(event);

        assertEquals(4, teams.requests().size());
        assertEquals(1, teams.accepted().size());
        assertEquals(202, teams.accepted().get(0).status());
        assertEquals(JSON.readTree(TeamsCard.render(new NotificationRenderer().render(event).orElseThrow())),
                teams.accepted().get(0).body());
        assertEquals(3.0, metrics.counter("kreboot.notifier.failed", "route", "teams", "channel", "teams").count());
    }

    @Test
    void routeTemplatesShapeTheChatLine() throws Exception {
        notifier(new Route("slack", WebhookChannel.slack(slack.url("/hook"), null, null, TIMEOUT), EventFilter.all(),
                Templates.of(Map.of("drain", "Entleere %s ({cluster})"))));

        notifier.deliver(Fixtures.progress("node-a", ProgressPhase.CORDONED));

        assertEquals("Entleere node-a (prod-eu)", slack.accepted().get(0).body().path("text").asText());
    }

    @Test
    void slackBotPostsTheFirstMessageOfARebootAndThreadsTheRest() throws Exception {
        slackApi.respond((attempt, body) -> Response.json(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000."
                + String.format("%06d", attempt) + "\"}"));
        InMemoryNotifierState state = new InMemoryNotifierState();
        SlackBotChannel bot = new SlackBotChannel(slackApi.url("/api"), "xoxb-t0k3n", "C1", "kreboot", state, "bot",
                TIMEOUT);
        notifier(new Route("bot", bot, EventFilter.all()));

        notifier.deliver(Fixtures.progress("node-a", ProgressPhase.CORDONED));
        notifier.deliver(Fixtures.progress("node-a", ProgressPhase.REBOOTING));
        notifier.deliver(Fixtures.progress("node-b", ProgressPhase.CORDONED));
        notifier.deliver(Fixtures.progress("node-a", ProgressPhase.COMPLETED));

        List<WebhookSink.Request> posts = slackApi.requests();
        assertEquals(4, posts.size());
        for (WebhookSink.Request post : posts) {
            assertEquals("/api/chat.postMessage", post.path());
            assertEquals("Bearer xoxb-t0k3n", post.header("Authorization"));
            assertEquals("C1", post.body().path("channel").asText());
            assertEquals("kreboot", post.body().path("username").asText());
            assertTrue(post.header("Idempotency-Key") != null, "every post names its event");
        }
        assertEquals(4, posts.stream().map(post -> post.header("Idempotency-Key")).distinct().count(),
                "four events, four Idempotency-Keys");
        assertTrue(posts.get(0).body().path("thread_ts").isMissingNode());
        assertEquals("1700000000.000001", posts.get(1).body().path("thread_ts").asText());
        assertTrue(posts.get(2).body().path("thread_ts").isMissingNode(), "another reboot starts its own thread");
        assertEquals("1700000000.000001", posts.get(3).body().path("thread_ts").asText());
        assertEquals("Node node-a rebooted &amp; uncordoned successfully!", posts.get(3).body().path("text").asText());
    }

    @Test
    void slackBotErrorsAreRetryableOnlyWhenSlackSaysSo() {
        SlackBotChannel bot = new SlackBotChannel(slackApi.url("/api"), "xoxb-t0k3n", "C1", null,
                new InMemoryNotifierState(), "bot", TIMEOUT);
        var n = new NotificationRenderer().render(Fixtures.progress("node-a", ProgressPhase.DRAINED)).orElseThrow();

        slackApi.respond((attempt, body) -> Response.json(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));
        DeliveryResult missing = bot.send(n);
        slackApi.respond((attempt, body) -> new Response(429, Map.of("Retry-After", "3"), ""));
        DeliveryResult limited = bot.send(n);
        slackApi.respond((attempt, body) -> Response.json(200, "{\"ok\":false,\"error\":\"internal_error\"}"));
        DeliveryResult internal = bot.send(n);

        assertInstanceOf(DeliveryResult.Permanent.class, missing);
        assertTrue(missing.reason().contains("channel_not_found"));
        assertEquals(Duration.ofSeconds(3), ((DeliveryResult.Retryable) limited).retryAfter().orElseThrow());
        assertInstanceOf(DeliveryResult.Retryable.class, internal);
        assertTrue(!missing.reason().contains("t0k3n"));
    }

    @Test
    void oneChatServiceDownDoesNotDelayTheOther() throws Exception {
        teams.alwaysAnswer(503);
        notifier = new Notifier(List.of(
                new Route("slack", WebhookChannel.slack(slack.url("/hook"), null, null, TIMEOUT), EventFilter.all()),
                new Route("teams", WebhookChannel.teams(teams.url("/wf"), TIMEOUT), EventFilter.all())),
                metrics, Clock.systemUTC(), RetryPolicy.upTo(Duration.ofMillis(20), Duration.ofMillis(100)),
                dev.kreboot.notifier.app.Sleeper.SYSTEM);
        NodeProgress event = Fixtures.progress("node-a", ProgressPhase.DRAINED);

        boolean settled = notifier.deliver(event, Duration.ofMillis(1));

        await(WAIT, () -> slack.accepted().size() == 1);
        await(WAIT, () -> teams.requests().size() >= 3);
        assertTrue(!settled || teams.accepted().isEmpty());
        assertEquals(Map.of("teams", "HTTP 503"), notifier.pending(Fixtures.eventId(event)));
        assertNull(notifier.pending(Fixtures.eventId(event)).get("slack"));
    }
}
