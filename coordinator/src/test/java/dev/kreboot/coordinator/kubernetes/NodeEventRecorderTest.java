package dev.kreboot.coordinator.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Output;
import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.testing.MockApi;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NodeEventRecorderTest {

    @Test
    void recordsGrantsBlocksAndStuckNodesAsEventsOnTheNodeAndNothingElse() {
        try (MockApi api = MockApi.start();
             NodeEventRecorder recorder = new NodeEventRecorder(api.client(), "coordinator-0", Clock.systemUTC())) {
            recorder.announced(new Output.Announce(Output.Kind.SLOT_GRANTED, "node-a", "r-1", List.of(), 1, 2));
            recorder.announced(new Output.Announce(Output.Kind.REBOOT_BLOCKED, "node-b", null,
                    List.of(BlockReason.ALERTS_ACTIVE), 1, 2));
            recorder.announced(new Output.Announce(Output.Kind.NODE_STUCK, "node-a", "r-1", List.of(), 1, 2));
            recorder.announced(new Output.Announce(Output.Kind.SLOT_RELEASED, "node-a", "r-1", List.of(), 0, 2));
            recorder.announced(new Output.Announce(Output.Kind.PAUSED, "*", null, List.of(BlockReason.PAUSED), 0, 2));
            Await.until(Duration.ofSeconds(30), "three Events", () -> events(api).size() >= 3);
            recorder.close();
            Map<String, Event> byReason = events(api).stream().collect(Collectors.toMap(Event::getReason, e -> e));
            assertEquals(3, byReason.size(), byReason.keySet().toString());
            Event granted = byReason.get("RebootSlotGranted");
            assertEquals("Node", granted.getInvolvedObject().getKind());
            assertEquals("node-a", granted.getInvolvedObject().getName());
            assertEquals("Normal", granted.getType());
            assertTrue(granted.getMessage().contains("1/2") && granted.getMessage().contains("r-1"), granted.getMessage());
            Event blocked = byReason.get("RebootBlocked");
            assertEquals("node-b", blocked.getInvolvedObject().getName());
            assertEquals("Warning", blocked.getType());
            assertTrue(blocked.getMessage().contains(BlockReason.ALERTS_ACTIVE.text()), blocked.getMessage());
            assertEquals("Warning", byReason.get("RebootStuck").getType());
            assertEquals("kreboot-coordinator", granted.getSource().getComponent());
        }
    }

    @Test
    void aFailingApiDoesNotReachTheCaller() {
        MockApi api = MockApi.start();
        api.close();
        try (NodeEventRecorder recorder = new NodeEventRecorder(api.client(), "coordinator-0", Clock.systemUTC())) {
            recorder.announced(new Output.Announce(Output.Kind.SLOT_GRANTED, "node-a", "r-1", List.of(), 1, 1));
        }
    }

    private static List<Event> events(MockApi api) {
        return api.client().v1().events().inNamespace("default").list().getItems();
    }
}
