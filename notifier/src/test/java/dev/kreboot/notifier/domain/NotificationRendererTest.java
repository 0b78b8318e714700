package dev.kreboot.notifier.domain;

import static dev.kreboot.notifier.testing.Fixtures.decision;
import static dev.kreboot.notifier.testing.Fixtures.progress;
import static dev.kreboot.notifier.testing.Fixtures.progressBuilder;
import static dev.kreboot.notifier.testing.Fixtures.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.SensorMode;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class NotificationRendererTest {
    private final NotificationRenderer renderer = new NotificationRenderer();
    private final ObjectMapper json = new ObjectMapper();

    private Notification render(SpecificRecord record) {
        return renderer.render(record).orElseThrow();
    }

    @Test
    void keepsKuredMessagesForDrainRebootAndCompletion() {
        assertEquals("Draining node n1", render(progress("n1", ProgressPhase.CORDONED)).text());
        assertEquals("Rebooting node n1", render(progress("n1", ProgressPhase.REBOOTING)).text());
        assertEquals("Node n1 rebooted & uncordoned successfully!", render(progress("n1", ProgressPhase.COMPLETED)).text());
    }

    @Test
    void saysANodeAnAdminHadCordonedStaysCordoned() {
        NodeProgress completed = progressBuilder("n1", ProgressPhase.COMPLETED).setWasCordonedBefore(true).build();

        assertEquals("Node n1 rebooted successfully and left cordoned, as an admin had cordoned it",
                render(completed).text());
    }

    @Test
    void appendsReasonsAndBlockingPodsToAFailedDrain() {
        NodeProgress failed = progressBuilder("n1", ProgressPhase.DRAIN_FAILED)
                .setReasons(List.of(reason("DRAIN_TIMEOUT", "Drain did not finish within 10m")))
                .setBlockingPods(List.of("shop/db-0", "shop/db-1"))
                .build();

        Notification n = render(failed);

        assertEquals("Draining node n1 failed: Drain did not finish within 10m (blocking pods: shop/db-0, shop/db-1)",
                n.text());
        assertEquals(Severity.ERROR, n.severity());
    }

    @Test
    void explainsABlockedRebootWithEveryReason() {
        Notification n = render(decision("n2", DecisionType.REBOOT_BLOCKED,
                reason("OUTSIDE_WINDOW", "Outside the reboot window"),
                reason("ALERT_FIRING", "Alert HighLoad is firing")));

        assertEquals("Reboot of node n2 blocked: Outside the reboot window; Alert HighLoad is firing", n.text());
        assertEquals(new EventType("decision", "REBOOT_BLOCKED"), n.type());
        assertEquals(Severity.WARNING, n.severity());
    }

    @Test
    void mentionsSlotsWhenTheCoordinatorCountedThem() {
        var granted = decision("n3", DecisionType.SLOT_GRANTED);
        granted.setSlotsInUse(1);
        granted.setSlotsAllowed(2);

        assertEquals("Reboot slot granted to node n3 (1 of 2 slots in use)", render(granted).text());
    }

    @Test
    void everyPhaseAndDecisionHasAHumanLineNamingTheNode() {
        for (ProgressPhase phase : ProgressPhase.values()) {
            String text = render(progress("node-x", phase)).text();
            assertTrue(text.contains("node-x"), phase + ": " + text);
        }
        for (DecisionType type : DecisionType.values()) {
            String text = render(decision("node-x", type)).text();
            assertFalse(text.isBlank(), type.name());
        }
    }

    @Test
    void genericBodyCarriesHeaderTypeReasonsProducerAndTheWholeEvent() throws Exception {
        NodeProgress drained = progressBuilder("n1", ProgressPhase.DRAINED)
                .setPodsLeft(0)
                .setCommandSeq(42L)
                .setReasons(List.of(reason("DRAINED", "All pods evicted")))
                .build();

        JsonNode body = json.readTree(GenericWebhookBody.render(render(drained)));

        assertEquals(drained.getHeader().getEventId(), body.get("eventId").asText());
        assertEquals("2025-03-01T10:15:30.123Z", body.get("occurredAt").asText());
        assertEquals(Instant.parse(body.get("occurredAt").asText()), drained.getHeader().getOccurredAt());
        assertEquals("prod-eu", body.get("cluster").asText());
        assertEquals("n1", body.get("node").asText());
        assertEquals("reboot-n1", body.get("rebootId").asText());
        assertEquals("progress.DRAINED", body.get("type").asText());
        assertEquals("DRAINED", body.get("phase").asText());
        assertFalse(body.has("decision"));
        assertEquals("Node n1 drained", body.get("text").asText());
        assertEquals("DRAINED", body.get("reasons").get(0).get("code").asText());
        assertEquals("All pods evicted", body.get("reasons").get(0).get("message").asText());
        assertEquals("executor", body.get("producer").get("service").asText());
        assertEquals("executor-abc12", body.get("producer").get("instance").asText());
        JsonNode event = body.get("event");
        assertEquals("2025-03-01T10:15:30.123Z", event.get("header").get("occurredAt").asText());
        assertEquals(42, event.get("commandSeq").asLong());
        assertEquals(0, event.get("podsLeft").asInt());
        assertTrue(event.get("previousBootId").isNull());
        assertEquals("DRAINED", event.get("phase").asText());
        assertTrue(event.get("blockingPods").isArray());
    }

    @Test
    void decisionBodyNamesTheDecisionAndANullRebootId() throws Exception {
        JsonNode body = json.readTree(GenericWebhookBody.render(render(decision("*", DecisionType.PAUSED,
                reason("MANUAL_PAUSE", "Paused by ops \"quoted\"")))));

        assertEquals("decision.PAUSED", body.get("type").asText());
        assertEquals("PAUSED", body.get("decision").asText());
        assertFalse(body.has("phase"));
        assertTrue(body.get("rebootId").isNull());
        assertEquals("Reboots paused: Paused by ops \"quoted\"", body.get("text").asText());
    }

    @Test
    void recordsThatAreNotNotificationsRenderToNothing() {
        NodeStatus status = NodeStatus.newBuilder()
                .setHeader(progress("n1", ProgressPhase.DRAINED).getHeader())
                .setRebootRequired(true)
                .setBootId("b")
                .setKernelRelease("6.1")
                .setSensorMode(SensorMode.FILE)
                .setSequence(1)
                .build();

        assertTrue(renderer.render(status).isEmpty());
    }
}
