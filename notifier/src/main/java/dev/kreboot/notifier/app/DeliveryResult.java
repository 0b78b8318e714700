package dev.kreboot.notifier.app;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one attempt to send a notification achieved. {@link Retryable} keeps the route retrying
 * (with the endpoint's {@code Retry-After} if it gave one); {@link Permanent} means retrying cannot
 * help (a 4xx other than 408/425/429: wrong URL, bad token, rejected payload), so the event is
 * logged, counted and settled for that route rather than retried forever.
 */
public sealed interface DeliveryResult {

    /** Short human text for logs; never contains the endpoint's URL (it is a secret). */
    String reason();

    static DeliveryResult delivered() {
        return Delivered.INSTANCE;
    }

    static DeliveryResult retryable(String reason, Duration retryAfter) {
        return new Retryable(reason, Optional.ofNullable(retryAfter));
    }

    static DeliveryResult retryable(String reason) {
        return new Retryable(reason, Optional.empty());
    }

    static DeliveryResult permanent(String reason) {
        return new Permanent(reason);
    }

    /** The endpoint accepted the event. */
    record Delivered() implements DeliveryResult {
        private static final Delivered INSTANCE = new Delivered();

        @Override
        public String reason() {
            return "delivered";
        }
    }

    /** Worth another attempt, after {@code retryAfter} if the endpoint asked for a pause. */
    record Retryable(String reason, Optional<Duration> retryAfter) implements DeliveryResult {
        public Retryable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** Another attempt would fail the same way. */
    record Permanent(String reason) implements DeliveryResult {
        public Permanent {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
