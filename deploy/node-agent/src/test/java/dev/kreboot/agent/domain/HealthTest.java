package dev.kreboot.agent.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.agent.domain.Health.Status;
import dev.kreboot.sensor.domain.StatusReport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthTest {
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    private static StatusReport report(long sequence, String probeError) {
        return new StatusReport(sequence, T, false, "boot-1", "6.1", java.util.List.of(), false, null, probeError);
    }

    @Test
    void beforeTheFirstLookReadinessIsUnknownAndStillAnswers200() {
        Health health = Health.ready(null, 0, true);

        assertEquals(Status.UNKNOWN, health.status());
        assertEquals(200, health.status().httpStatus());
    }

    @Test
    void aReadHostWhoseStatusReachedKafkaIsUp() {
        Health health = Health.ready(report(3, null), 3, true);

        assertEquals(Status.UP, health.status());
        assertEquals(3L, health.details().get("lastPublishedSequence"));
    }

    @Test
    void anUnreadableHostIsDownWithTheReason() {
        Health health = Health.ready(report(3, "permission denied: /host/var/run"), 3, true);

        assertEquals(Status.DOWN, health.status());
        assertEquals(503, health.status().httpStatus());
        assertEquals("permission denied: /host/var/run", health.details().get("probeError"));
    }

    @Test
    void aStatusKafkaHasNotTakenMakesReadinessDown() {
        assertEquals(Status.DOWN, Health.ready(report(4, null), 3, false).status());
    }

    @Test
    void livenessDependsOnNothingOutside() {
        assertEquals(Status.UP, Health.live().status());
    }
}
