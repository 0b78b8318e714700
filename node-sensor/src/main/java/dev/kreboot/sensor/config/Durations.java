package dev.kreboot.sensor.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as kured writes them (Go's {@code time.ParseDuration}: {@code 5m}, {@code 30s},
 * {@code 1h30m}, {@code 1.5h}, {@code 250ms}) or as ISO-8601 ({@code PT5M}), so kured flags carry
 * over unchanged and Java users can write what they know.
 */
final class Durations {
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {
    }

    /** A positive duration, or an {@link IllegalArgumentException} naming {@code key}. */
    static Duration parsePositive(String key, String text) {
        Duration duration = parse(key, text.strip());
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got: " + text);
        }
        return duration;
    }

    private static Duration parse(String key, String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid(key, text);
            }
        }
        Matcher matcher = GO_PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (matcher.lookingAt()) {
            nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2)))));
            end = matcher.end();
            matcher.region(end, text.length());
        }
        if (end == 0 || end != text.length()) {
            throw invalid(key, text);
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(key + " is too long: " + text, e);
        }
    }

    private static IllegalArgumentException invalid(String key, String text) {
        return new IllegalArgumentException(key + " must be a duration such as 5m, 30s, 1h30m or PT5M, got: " + text);
    }
}
