package dev.kreboot.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.notifier.testing.Fixtures;
import dev.kreboot.schemas.ProgressPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {
    private final NotificationRenderer renderer = new NotificationRenderer();

    private Notification of(ProgressPhase phase) {
        return renderer.render(Fixtures.progressBuilder("node-a", phase).setPreviousBootId("boot-0")
                .setReasons(List.of(Fixtures.reason("R1", "first"), Fixtures.reason("R2", "second"))).build())
                .orElseThrow();
    }

    @Test
    void kuredPercentSIsTheNodeName() {
        assertEquals("Draining node-a now", MessageTemplate.parse("Draining %s now").render(of(ProgressPhase.CORDONED)));
    }

    @Test
    void namedFieldsComeFromTheEvent() {
        String text = MessageTemplate.parse("{node} in {cluster}: {step} ({reasons}) [{rebootId}] boot {previousBootId}"
                + " -> {bootId}; codes {reasonCodes}; kernel '{kernelAfter}'; {event.phase}")
                .render(of(ProgressPhase.FAILED));

        assertEquals("node-a in prod-eu: FAILED (first; second) [reboot-node-a] boot boot-0 -> boot-1; codes R1, R2;"
                + " kernel ''; FAILED", text);
    }

    @Test
    void refusesAnUnknownFieldNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageTemplate.parse("{nod} rebooting"));
        assertTrue(e.getMessage().contains("{nod}"), e.getMessage());
    }

    @Test
    void kuredTemplateNamesMapToTheirSteps() {
        Templates templates = Templates.of(Map.of("drain", "D %s", "reboot", "R %s", "uncordon", "U %s",
                "decision.NODE_STUCK", "stuck {node}"));

        assertEquals("D node-a", templates.apply(of(ProgressPhase.CORDONED)).text());
        assertEquals("R node-a", templates.apply(of(ProgressPhase.REBOOTING)).text());
        assertEquals("U node-a", templates.apply(of(ProgressPhase.COMPLETED)).text());
        assertEquals("Node node-a drained", templates.apply(of(ProgressPhase.DRAINED)).text());
        assertThrows(IllegalArgumentException.class, () -> Templates.of(Map.of("drian", "x")));
    }
}
