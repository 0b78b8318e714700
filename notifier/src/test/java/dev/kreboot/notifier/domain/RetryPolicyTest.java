package dev.kreboot.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.upTo(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void doublesFromTheInitialDelayUpToTheCap() {
        var delays = IntStream.rangeClosed(1, 11).mapToObj(n -> policy.delay(n, Optional.empty()).toSeconds()).toList();

        assertEquals(java.util.List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L), delays);
        assertEquals(Duration.ofMinutes(5), policy.delay(Integer.MAX_VALUE, Optional.empty()));
    }

    @Test
    void waitsExactlyAsLongAsTheEndpointAsked() {
        assertEquals(Duration.ofSeconds(7), policy.delay(1, Optional.of(Duration.ofSeconds(7))));
        assertEquals(Duration.ofSeconds(1), policy.delay(9, Optional.of(Duration.ofSeconds(1))));
        assertEquals(Duration.ofMinutes(20), policy.delay(1, Optional.of(Duration.ofMinutes(20))));
    }

    @Test
    void boundsAnAbsurdRetryAfterAndTreatsThePastAsNow() {
        assertEquals(Duration.ofHours(1), policy.delay(1, Optional.of(Duration.ofDays(3))));
        assertEquals(Duration.ZERO, policy.delay(1, Optional.of(Duration.ofSeconds(-5))));
    }

    @Test
    void refusesAMaximumBelowTheInitialDelay() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.upTo(Duration.ofSeconds(10), Duration.ofSeconds(1)));
    }

    @Test
    void jitterShortensTheBackoffByUpToItsFractionButNeverARetryAfter() {
        RetryPolicy jittered = policy.withJitter(0.2);

        assertEquals(Duration.ofSeconds(8), jittered.delay(4, Optional.empty(), 0));
        assertEquals(Duration.ofMillis(7200), jittered.delay(4, Optional.empty(), 0.5));
        assertEquals(Duration.ofSeconds(240), jittered.delay(20, Optional.empty(), 1));
        assertEquals(Duration.ofSeconds(7), jittered.delay(4, Optional.of(Duration.ofSeconds(7)), 0.9));
        assertThrows(IllegalArgumentException.class, () -> policy.withJitter(1));
    }
}
