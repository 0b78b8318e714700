package dev.kreboot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The intake measurement itself: it finishes only once the coordinator applied every event it counts. */
class CoordinatorThroughputIT {

    @Test
    void countsAResyncAndALiveStreamThatTheCoordinatorAppliedInFull() throws Exception {
        Map<String, Object> figures = CoordinatorThroughput.measure(
                new KafkaClients(TestBroker.bootstrapServers(), Map.of()), 200, 3, new SingleObjectWireFormat());
        assertEquals(200, figures.get("statusEvents"));
        assertEquals(600L, figures.get("liveStatusEvents"));
        for (String key : new String[] {"fullResyncMs", "statusEventsPerSecond", "liveProducedInMs", "liveAppliedInMs",
                "liveStatusEventsPerSecond"}) {
            assertTrue(figures.get(key) instanceof Number, key + " in " + figures);
        }
        assertTrue(((Number) figures.get("liveAppliedInMs")).longValue()
                >= ((Number) figures.get("liveProducedInMs")).longValue(), "applied after produced: " + figures);
    }
}
