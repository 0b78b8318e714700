package dev.kreboot.notifier.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a route waits before its next attempt:
 * <ol>
 *   <li>if the endpoint said when ({@code Retry-After} on a 429 or 503), exactly that long, bounded
 *       by {@code maxRetryAfter} so a silly value cannot park a route for days;</li>
 *   <li>otherwise exponential backoff: {@code initial * 2^(failures - 1)}, capped at {@code max};</li>
 *   <li>then jitter: the backoff shrinks by up to {@code jitter} of itself, picked by a uniform number
 *       in [0, 1) the caller supplies (the domain draws no randomness). Routes that failed together,
 *       because a shared proxy or the whole chat service was down, thus come back spread out rather
 *       than in a burst that trips the rate limiter again. A {@code Retry-After} is never jittered:
 *       the endpoint said when.</li>
 * </ol>
 */
public record RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter, double jitter) {
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

    public RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter) {
        this(initial, max, maxRetryAfter, 0);
    }

    public RetryPolicy {
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
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

    public RetryPolicy withJitter(double fraction) {
        return new RetryPolicy(initial, max, maxRetryAfter, fraction);
    }

    /** The delay without jitter (as if the random number were 0). */
    public Duration delay(int failures, Optional<Duration> retryAfter) {
        return delay(failures, retryAfter, 0);
    }

    /**
     * @param failures consecutive failed attempts so far, at least 1
     * @param retryAfter what the endpoint asked for, if anything
     * @param uniform a number in [0, 1) from the caller's random source
     */
    public Duration delay(int failures, Optional<Duration> retryAfter, double uniform) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        int doublings = Math.max(0, Math.min(failures - 1, 40));
        Duration delay = initial;
        for (int i = 0; i < doublings && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        Duration capped = delay.compareTo(max) > 0 ? max : delay;
        double shrink = jitter * Math.max(0, Math.min(uniform, 1));
        return Duration.ofNanos(Math.round(capped.toNanos() * (1 - shrink)));
    }
}
