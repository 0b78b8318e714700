package dev.kreboot.notifier;

import static dev.kreboot.notifier.testing.Await.await;
import static dev.kreboot.notifier.testing.Fixtures.progress;
import static dev.kreboot.schemas.testing.StartupRefusal.assertRefusedNaming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.notifier.testing.WebhookSink;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplicationTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebhookSink sink = new WebhookSink();
    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = "t" + UUID.randomUUID() + ".";
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    private Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("kafka.bootstrap.servers", TestBroker.bootstrapServers());
        props.put("kreboot.cluster", "test");
        props.put("kreboot.topic-prefix", prefix);
        props.put("kreboot.notifier.group-id", "app-test-" + UUID.randomUUID());
        props.put("kreboot.notifier.webhooks", sink.url("/hooks/s3cr3t").toString());
        return props;
    }

    private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthAndPrometheusAndPostsConsumedProgressToTheWebhook() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties())) {
            HttpResponse<String> health = get(server, "/health");
            assertEquals(200, health.statusCode(), health.body());

            NodeProgress event = progress("n1", ProgressPhase.REBOOTING);
            KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
            try (var producer = clients.producer("app-test")) {
                new RecordSender(producer, new SingleObjectWireFormat(), new SimpleMeterRegistry())
                        .send(Topics.withPrefix(prefix).progress(), "n1", event);
            }
            await(Duration.ofSeconds(60), () -> sink.accepted().size() == 1);
            assertEquals(event.getHeader().getEventId(), sink.accepted().get(0).header("Idempotency-Key"));

            HttpResponse<String> prometheus = get(server, "/prometheus");
            assertEquals(200, prometheus.statusCode());
            assertTrue(prometheus.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(prometheus.body().contains("jvm_memory_used_bytes"));
            // The sink records a request before answering it: the count follows the answer.
            await(Duration.ofSeconds(30), () -> scrape(server).contains(
                    "kreboot_notifier_notifications_total{kind=\"webhook\",outcome=\"delivered\",route=\"webhook-1\","
                            + "type=\"progress.REBOOTING\"} 1.0"));
        }
    }

    @Test
    void wiresNamedRoutesFromConfiguration() throws Exception {
        try (WebhookSink teams = new WebhookSink(); WebhookSink slackApi = new WebhookSink()) {
            teams.alwaysAnswer(202);
            slackApi.respond((attempt, body) -> WebhookSink.Response.json(200, "{\"ok\":true,\"ts\":\"1.2\"}"));
            Map<String, Object> props = properties();
            props.remove("kreboot.notifier.webhooks");
            props.put("kreboot.notifier.routes.teams.url", teams.url("/workflows/s3cr3t").toString()
                    .replace("http://", "teams+http://"));
            props.put("kreboot.notifier.routes.teams.events", "progress.*");
            props.put("kreboot.notifier.routes.chat.url", "slack://xoxb:s3cr3t@C1");
            props.put("kreboot.notifier.routes.chat.api-url", slackApi.url("/api").toString());
            props.put("kreboot.notifier.routes.chat.template.reboot", "{node} goes down");
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
                KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
                try (var producer = clients.producer("app-test-routes")) {
                    new RecordSender(producer, new SingleObjectWireFormat(), new SimpleMeterRegistry())
                            .send(Topics.withPrefix(prefix).progress(), "n1", progress("n1", ProgressPhase.REBOOTING));
                }
                await(Duration.ofSeconds(60), () -> teams.accepted().size() == 1 && slackApi.accepted().size() == 1);
                assertEquals("message", teams.accepted().get(0).body().path("type").asText());
                assertEquals("n1 goes down", slackApi.accepted().get(0).body().path("text").asText());
                assertEquals("Bearer xoxb-s3cr3t", slackApi.accepted().get(0).header("Authorization"));
            }
        }
    }

    private String scrape(EmbeddedServer server) {
        try {
            return get(server, "/prometheus").body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void refusesToStartWithoutWebhooksAndNamesTheKey() {
        Map<String, Object> props = properties();
        props.remove("kreboot.notifier.webhooks");

        assertRefusedNaming(Exception.class, () -> ApplicationContext.run(EmbeddedServer.class, props).close(),
                "kreboot.notifier.webhooks is required");
    }

    @Test
    void refusesToStartWithAnUnknownWireFormatAndNamesTheKey() {
        Map<String, Object> props = properties();
        props.put("kreboot.wire-format", "bogus");

        assertRefusedNaming(Exception.class, () -> ApplicationContext.run(EmbeddedServer.class, props).close(),
                "kreboot.wire-format");
    }
}
