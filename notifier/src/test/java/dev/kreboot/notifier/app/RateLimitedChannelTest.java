package dev.kreboot.notifier.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.notifier.domain.Notification;
import dev.kreboot.notifier.domain.NotificationRenderer;
import dev.kreboot.notifier.testing.Fixtures;
import dev.kreboot.schemas.ProgressPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RateLimitedChannelTest {

    /** A clock that only the sleeper moves: waits cost no real time and are exact. */
    private static final class ManualTime extends Clock implements Sleeper {
        private Instant now = Instant.parse("2025-03-01T10:00:00Z");
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void sleep(Duration duration) {
            waits.add(duration);
            now = now.plus(duration);
        }

        synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void sendsAtMostOneMessagePerIntervalPerChannel() {
        ManualTime time = new ManualTime();
        List<Instant> sentAt = new CopyOnWriteArrayList<>();
        Channel slack = n -> {
            sentAt.add(time.instant());
            return DeliveryResult.delivered();
        };
        RateLimitedChannel limited = new RateLimitedChannel(slack, Duration.ofSeconds(1), time, time);
        Notification n = new NotificationRenderer().render(Fixtures.progress("node-a", ProgressPhase.DRAINED)).orElseThrow();

        limited.send(n);
        limited.send(n);
        time.advance(Duration.ofMillis(300));
        limited.send(n);
        time.advance(Duration.ofSeconds(5));
        limited.send(n);

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMillis(700)), time.waits);
        for (int i = 1; i < sentAt.size(); i++) {
            assertEquals(true, Duration.between(sentAt.get(i - 1), sentAt.get(i)).compareTo(Duration.ofSeconds(1)) >= 0);
        }
    }
}
