package dev.kreboot.notifier.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
    }

    @Test
    void readsAnHttpDateRelativeToNow() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sat, 01 Mar 2025 10:01:30 GMT", NOW));
    }

    @Test
    void treatsADateInThePastAsNow() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sat, 01 Mar 2025 09:00:00 GMT", NOW));
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("99999999999999999999999", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
    }
}
