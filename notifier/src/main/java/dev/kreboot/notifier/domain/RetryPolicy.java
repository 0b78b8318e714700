package dev.kreboot.notifier.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a route waits before its next attempt:
 * <ol>
 *   <li>if the endpoint said when ({@code Retry-After} on a 429 or 503), exactly that long, bounded
 *       by {@code maxRetryAfter} so a silly value cannot park a route for days;</li>
 *   <li>otherwise exponential backoff: {@code initial * 2^(failures - 1)}, capped at {@code max}.</li>
 * </ol>
 * There is no jitter: one notifier instance owns the consumer group's partitions, so there is no
 * herd of clients to spread out.
 */
public record RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter) {
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

    public RetryPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is shorter than the initial " + initial);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_INITIAL, DEFAULT_MAX, DEFAULT_MAX_RETRY_AFTER);
    }

    public static RetryPolicy upTo(Duration initial, Duration max) {
        return new RetryPolicy(initial, max, DEFAULT_MAX_RETRY_AFTER.compareTo(max) < 0 ? max : DEFAULT_MAX_RETRY_AFTER);
    }

    /**
     * @param failures consecutive failed attempts so far, at least 1
     * @param retryAfter what the endpoint asked for, if anything
     */
    public Duration delay(int failures, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        int doublings = Math.max(0, Math.min(failures - 1, 40));
        Duration delay = initial;
        for (int i = 0; i < doublings && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
