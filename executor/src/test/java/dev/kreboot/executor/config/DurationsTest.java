package dev.kreboot.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesGoDurationsAsKuredWritesThem() {
        assertEquals(Duration.ZERO, Durations.parse("k", "0"));
        assertEquals(Duration.ofHours(1), Durations.parse("k", "1h"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("k", "1.5s"));
        assertEquals(Duration.ofHours(2).plusMinutes(45), Durations.parse("k", "2h45m"));
        assertEquals(Duration.ofNanos(1500), Durations.parse("k", "1us500ns"));
    }

    @Test
    void parsesIso8601() {
        assertEquals(Duration.ofMinutes(15), Durations.parse("k", "PT15M"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("k", "pt30s"));
    }

    @Test
    void rejectsAnythingElseNamingTheKey() {
        for (String bad : new String[] {"", "5", "5 m", "m5", "1d", "PTX"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("the.key", bad), bad);
            assertEquals(true, e.getMessage().startsWith("the.key "), e.getMessage());
        }
    }
}
