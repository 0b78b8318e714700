package dev.kreboot.executor.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as ISO-8601 ({@code PT15M}) or as kured writes them (Go's
 * {@code time.ParseDuration}: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms}, {@code 0}),
 * so kured flags carry over unchanged.
 */
public final class Durations {
    private static final Pattern GO = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming {@code key} when the value is not a duration */
    public static Duration parse(String key, String value) {
        String text = value == null ? "" : value.trim();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.startsWith("P") || text.startsWith("p") || text.startsWith("-P")) {
            try {
                return Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(key, value);
            }
        }
        if (!GO.matcher(text).matches()) {
            throw invalid(key, value);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(nanosPer(part.group(2)))));
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** Formats for the effective-settings log line (ISO-8601, so it parses back). */
    public static String format(Duration duration) {
        return duration.toString();
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    private static IllegalArgumentException invalid(String key, String value) {
        return new IllegalArgumentException(key + " must be a duration such as 30s, 5m, 1h or PT15M, got: '"
                + value + "'");
    }
}
