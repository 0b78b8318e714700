package dev.kreboot.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.notifier.domain.EventType;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.ProgressPhase;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierSettingsTest {
    private static final Map<String, String> MINIMAL = Map.of(
            "kreboot.cluster", "prod-eu",
            "kafka.bootstrap.servers", "kafka:9092",
            "kreboot.notifier.webhooks", "https://hooks.example.com/services/T0/B0/s3cr3t");

    private static Map<String, String> with(String key, String value) {
        Map<String, String> props = new HashMap<>(MINIMAL);
        if (value == null) {
            props.remove(key);
        } else {
            props.put(key, value);
        }
        return props;
    }

    private static String failure(Map<String, String> props) {
        return assertThrows(IllegalArgumentException.class, () -> NotifierSettings.from(props, name -> null))
                .getMessage();
    }

    @Test
    void fillsEveryDefault() {
        NotifierSettings settings = NotifierSettings.from(MINIMAL, name -> "notifier-7d9f");

        assertEquals("prod-eu", settings.cluster());
        assertEquals("notifier-7d9f", settings.instance());
        assertEquals("", settings.topicPrefix());
        assertTrue(settings.createTopics());
        assertEquals("kreboot-notifier", settings.groupId());
        assertEquals(List.of(URI.create("https://hooks.example.com/services/T0/B0/s3cr3t")), settings.webhooks());
        assertEquals(Duration.ofSeconds(10), settings.webhookTimeout());
        assertEquals(Duration.ofSeconds(1), settings.initialBackoff());
        assertEquals(Duration.ofMinutes(5), settings.maxBackoff());
        assertTrue(EventType.all().stream().allMatch(settings.events()::matches));
        assertEquals("local", NotifierSettings.from(MINIMAL, name -> null).instance());
    }

    @Test
    void readsEveryKey() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.putAll(Map.of(
                "kreboot.instance", "n-0",
                "kreboot.topic-prefix", "eu.",
                "kreboot.create-topics", "false",
                "kreboot.notifier.group-id", "g",
                "kreboot.notifier.webhooks", "http://a.example/x, https://b.example:8443/y?token=z",
                "kreboot.notifier.webhook-timeout", "1500ms",
                "kreboot.notifier.initial-backoff", "PT2S",
                "kreboot.notifier.max-backoff", "1h",
                "kreboot.notifier.events", "progress.*,decision.SLOT_GRANTED"));

        NotifierSettings settings = NotifierSettings.from(props);

        assertEquals("n-0", settings.instance());
        assertEquals("eu.kreboot.progress", settings.topics().progress());
        assertFalse(settings.createTopics());
        assertEquals("g", settings.groupId());
        assertEquals(2, settings.webhooks().size());
        assertEquals(Duration.ofMillis(1500), settings.webhookTimeout());
        assertEquals(Duration.ofSeconds(2), settings.initialBackoff());
        assertEquals(Duration.ofHours(1), settings.maxBackoff());
        assertEquals(Duration.ofHours(1), settings.retryPolicy().max());
        assertTrue(settings.events().matches(EventType.of(ProgressPhase.DRAINED)));
        assertFalse(settings.events().matches(EventType.of(DecisionType.REBOOT_BLOCKED)));
    }

    @Test
    void namesEachMissingRequiredKey() {
        assertTrue(failure(with("kreboot.cluster", null)).contains("kreboot.cluster"));
        assertTrue(failure(with("kafka.bootstrap.servers", " ")).contains("kafka.bootstrap.servers"));
        assertTrue(failure(with("kreboot.notifier.webhooks", null)).contains("kreboot.notifier.webhooks"));
        assertTrue(failure(with("kreboot.notifier.webhooks", " , ")).contains("kreboot.notifier.webhooks"));
    }

    @Test
    void refusesAWebhookThatIsNotAnAbsoluteHttpUrlWithoutPrintingIt() {
        for (String bad : List.of("ftp://files.example/s3cr3t", "/hooks/s3cr3t", "hooks.example.com/s3cr3t",
                "http://exa mple/s3cr3t", "https:///s3cr3t")) {
            String message = failure(with("kreboot.notifier.webhooks", "https://ok.example/x," + bad));
            assertTrue(message.startsWith("kreboot.notifier.webhooks: entry 2"), bad + " -> " + message);
            assertFalse(message.contains("s3cr3t"), message);
        }
    }

    @Test
    void namesTheKeyOfABadValue() {
        assertTrue(failure(with("kreboot.notifier.webhook-timeout", "soon")).contains("kreboot.notifier.webhook-timeout"));
        assertTrue(failure(with("kreboot.notifier.webhook-timeout", "0s")).contains("kreboot.notifier.webhook-timeout"));
        assertTrue(failure(with("kreboot.notifier.max-backoff", "100ms")).contains("kreboot.notifier.max-backoff"));
        assertTrue(failure(with("kreboot.create-topics", "yes")).contains("kreboot.create-topics"));
        assertTrue(failure(with("kreboot.topic-prefix", "bad/prefix")).contains("kreboot.topic-prefix"));
        assertTrue(failure(with("kreboot.notifier.events", "decision.SLOT_GRANTD")).contains("kreboot.notifier.events"));
    }

    @Test
    void describeMasksThePathAndQueryOfEveryWebhook() {
        NotifierSettings settings = NotifierSettings.from(with("kreboot.notifier.webhooks",
                "https://hooks.example.com/services/T0/B0/s3cr3t,http://user:pw@sink:8080/in?token=s3cr3t,http://plain.example"));

        String described = settings.describe();

        assertTrue(described.contains(
                "kreboot.notifier.webhooks=https://hooks.example.com/***,http://sink:8080/***,http://plain.example"),
                described);
        assertFalse(described.contains("s3cr3t"));
        assertFalse(described.contains("pw"));
        assertFalse(settings.toString().contains("s3cr3t"));
    }
}
