package dev.kreboot.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.notifier.domain.Destination;
import dev.kreboot.notifier.domain.EventType;
import dev.kreboot.schemas.ProgressPhase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteSettingsTest {
    private static final String HOOK = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/s3cr3tAbCdEf0123456789xy";

    private static Map<String, String> base(String... keysAndValues) {
        Map<String, String> props = new HashMap<>(Map.of("kreboot.cluster", "prod-eu",
                "kafka.bootstrap.servers", "kafka:9092"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    private static String failure(Map<String, String> props) {
        return assertThrows(IllegalArgumentException.class, () -> NotifierSettings.from(props, n -> null)).getMessage();
    }

    @Test
    void readsNamedRoutesWithFiltersTemplatesAndSlackRateLimit() {
        NotifierSettings settings = NotifierSettings.from(base(
                "kreboot.notifier.routes.ops.url", "slack://hook:T0123ABCD-B0456EFGH-s3cr3tAbCdEf0123456789xy@webhook",
                "kreboot.notifier.routes.ops.events", "progress.*",
                "kreboot.notifier.routes.ops.nodes", "pool-a-*",
                "kreboot.notifier.routes.ops.template.drain", "Draining {node} in {cluster}",
                "kreboot.notifier.routes.audit.url", "generic+https://audit.example/in?@X-Team=sre",
                "kreboot.notifier.routes.audit.headers.Authorization", "Bearer s3cr3t",
                "kreboot.notifier.routes.dash.url", "grafana+http://grafana:3000",
                "kreboot.notifier.routes.dash.token", "glsa_s3cr3t",
                "kreboot.notifier.routes.dash.tags", "prod, eu"), n -> null);

        assertEquals(List.of("audit", "dash", "ops"), settings.routes().stream().map(RouteSettings::name).toList());
        RouteSettings ops = settings.routes().get(2);
        assertEquals(new Destination.SlackWebhook(URI.create(HOOK), null, null), ops.destination());
        assertEquals(Duration.ofSeconds(1), ops.minInterval());
        assertTrue(ops.filter().matches(EventType.of(ProgressPhase.DRAINED)));
        assertTrue(ops.templates().forType(EventType.of(ProgressPhase.CORDONED)).isPresent());
        RouteSettings audit = settings.routes().get(0);
        assertEquals(Map.of("X-Team", "sre", "Authorization", "Bearer s3cr3t"),
                ((Destination.Generic) audit.destination()).headers());
        assertEquals(Duration.ZERO, audit.minInterval());
        RouteSettings dash = settings.routes().get(1);
        assertEquals(new Destination.Grafana(URI.create("http://grafana:3000"), "glsa_s3cr3t"), dash.destination());
        assertEquals(List.of("prod", "eu"), dash.grafanaTags());
        assertTrue(dash.filter().matches(EventType.of(ProgressPhase.CORDONED)));
        assertFalse(dash.filter().matches(EventType.of(ProgressPhase.DRAINED)), "Grafana routes want region events only");
        assertTrue(settings.webhooks().isEmpty());
        assertFalse(settings.describe().contains("s3cr3t"), settings.describe());
    }

    @Test
    void readsSecretsFromMountedFiles(@TempDir Path dir) throws Exception {
        Path url = Files.writeString(dir.resolve("url"), "slack://xoxb:s3cr3t@C001\n");
        Path token = Files.writeString(dir.resolve("token"), "xoxb-from-file\n");

        NotifierSettings settings = NotifierSettings.from(base(
                "kreboot.notifier.routes.bot.url-file", url.toString(),
                "kreboot.notifier.routes.bot.token-file", token.toString(),
                "kreboot.notifier.routes.bot.api-url", "http://127.0.0.1:1/api"), n -> null);

        RouteSettings bot = settings.routes().get(0);
        assertEquals(new Destination.SlackBot("xoxb-from-file", "C001", null), bot.destination());
        assertEquals(URI.create("http://127.0.0.1:1/api"), bot.slackApi());
        assertTrue(failure(base("kreboot.notifier.routes.bot.url-file", dir.resolve("missing").toString()))
                .startsWith("kreboot.notifier.routes.bot.url-file"));
    }

    @Test
    void aMalformedUrlFailsStartUpNamingTheRouteButNotTheSecret() {
        String message = failure(base("kreboot.notifier.routes.team-chat.url", "teams://s3cr3t"));

        assertTrue(message.startsWith("kreboot.notifier.routes.team-chat.url: route team-chat:"), message);
        assertFalse(message.contains("s3cr3t"), message);
        assertTrue(failure(base("kreboot.notifier.routes.x.url", "https://ok.example", "kreboot.notifier.routes.x.evnts",
                "*")).contains("kreboot.notifier.routes.x.evnts"));
        assertTrue(failure(base("kreboot.notifier.routes.x.events", "*")).contains("kreboot.notifier.routes.x.url"));
        assertTrue(failure(base("kreboot.notify-url", "slack://s3cr3t")).startsWith("kreboot.notify-url"));
    }

    @Test
    void kuredSettingsBecomeRoutesWithKuredTemplates() {
        NotifierSettings settings = NotifierSettings.from(base(
                "kreboot.notifyUrl", "teams+https://acme.logic.azure.com/workflows/1?sig=s3cr3t",
                "kreboot.slack-hook-url", HOOK,
                "kreboot.slack-username", "kured",
                "kreboot.slack-channel", "#ops",
                "kreboot.message-template-drain", "Draining node %s",
                "kreboot.messageTemplateUncordon", "Node %s back"), n -> null);

        assertEquals(List.of("kured", "kured-slack"), settings.routes().stream().map(RouteSettings::name).toList());
        assertEquals("teams", settings.routes().get(0).destination().kind());
        assertEquals(new Destination.SlackWebhook(URI.create(HOOK), "kured", "#ops"), settings.routes().get(1).destination());
        assertTrue(settings.routes().get(1).templates().forType(EventType.of(ProgressPhase.COMPLETED)).isPresent());
        assertFalse(settings.describe().contains("s3cr3t"));
    }

    @Test
    void jitterAndDurableStateHaveDefaultsAndAreValidated() {
        NotifierSettings settings = NotifierSettings.from(base("kreboot.notifier.webhooks", "http://a.example/x",
                "kreboot.topic-prefix", "eu."), n -> null);

        assertEquals(0.2, settings.backoffJitter());
        assertTrue(settings.durableState());
        assertEquals("eu.kreboot.notifier-state", settings.stateTopic());
        assertEquals(0.2, settings.retryPolicy().jitter());
        assertTrue(failure(base("kreboot.notifier.webhooks", "http://a.example/x", "kreboot.notifier.backoff-jitter",
                "1.5")).contains("kreboot.notifier.backoff-jitter"));
    }
}
