package dev.kreboot.notifier.app;

import dev.kreboot.notifier.domain.Notification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Spaces the attempts on one channel at least {@code interval} apart (Slack allows one message per
 * second per incoming webhook, and answers bursts with 429). Callers queue on the channel: an
 * attempt waits for its turn, then goes. The interval counts from the end of the previous attempt,
 * so a slow endpoint is not hit faster than allowed either.
 */
public final class RateLimitedChannel implements Channel {
    private final Channel inner;
    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant next = Instant.MIN;

    public RateLimitedChannel(Channel inner, Duration interval, Clock clock, Sleeper sleeper) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public synchronized DeliveryResult send(Notification notification) {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            try {
                sleeper.sleep(Duration.between(now, next));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryResult.retryable("interrupted while waiting for the rate limit");
            }
        }
        try {
            return inner.send(notification);
        } finally {
            next = clock.instant().plus(interval);
        }
    }

    @Override
    public String kind() {
        return inner.kind();
    }
}
