package dev.kreboot.schemas.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration parser every service's settings use, so a value that works for one key works
 * for every key.
 *
 * <p>Accepted, so that kured flags carry over unchanged and Java users can write what they know:
 * <ol>
 *   <li>Go's {@code time.ParseDuration}, which kured's flags use: one or more
 *       {@code <number><unit>} parts ({@code 300ms}, {@code 1.5h}, {@code 2h45m}, {@code .5s}),
 *       units {@code ns}, {@code us}, {@code µs}, {@code μs}, {@code ms}, {@code s}, {@code m},
 *       {@code h}, an optional leading {@code +}, and a bare {@code 0}. Fractions below a
 *       nanosecond are truncated, as Go does.</li>
 *   <li>ISO-8601 as {@link Duration#parse} reads it, in either case: {@code PT1H30M}, {@code P1D},
 *       {@code pt30s}.</li>
 * </ol>
 * Every value is stripped of surrounding blanks first. A negative duration is refused
 * ({@code -5m}, {@code PT-5M}): no kreboot setting means anything by one, and Go's sign would
 * otherwise turn a typo into a timeout that has already expired.
 *
 * <p>{@link #parseAllowingDays} additionally takes a {@code d} (24 h) unit and a blank between a
 * number and its unit ({@code 1d}, {@code 5 m}). The notifier has always accepted those, so its
 * users' configs keep working; the other services refuse them (a sensor period of {@code 5d} is a
 * tested mistake), which is why it is a separate, named entry point rather than the default.
 *
 * <p>Every refusal is an {@link IllegalArgumentException} whose message starts with the key and
 * quotes the value, so a bad setting is found from the start-up log alone.
 */
public final class Durations {
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern DAYS_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(ns|us|µs|μs|ms|s|m|h|d)");
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * A zero or positive duration in Go or ISO-8601 syntax.
     *
     * @throws IllegalArgumentException naming {@code key} and quoting {@code text} when it is
     *     missing, not a duration, negative or longer than Go's limit (~292 years)
     */
    public static Duration parse(String key, String text) {
        return parse(key, text, GO_PART, "30s, 1h30m, 1.5h or PT15M");
    }

    /** Like {@link #parse}, and refuses zero too: for intervals and timeouts that must elapse. */
    public static Duration parsePositive(String key, String text) {
        return positive(key, text, parse(key, text));
    }

    /** Like {@link #parse}, plus a {@code d} unit and blanks before a unit (the notifier's forms). */
    public static Duration parseAllowingDays(String key, String text) {
        return parse(key, text, DAYS_PART, "30s, 1h30m, 1d or PT15M");
    }

    /** Formats for effective-settings log lines: ISO-8601, so the logged value parses back. */
    public static String format(Duration duration) {
        return duration.toString();
    }

    private static Duration parse(String key, String raw, Pattern part, String examples) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(key + " must be a duration such as " + examples + ", got nothing");
        }
        Duration parsed = text.charAt(0) == 'P' || text.charAt(0) == 'p' || text.startsWith("-P") || text.startsWith("-p")
                ? iso(key, text, examples)
                : go(key, text, part, examples);
        if (parsed.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, got '" + raw + "'");
        }
        return parsed;
    }

    private static Duration iso(String key, String text, String examples) {
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw invalid(key, text, examples);
        }
    }

    private static Duration go(String key, String text, Pattern part, String examples) {
        boolean negative = text.charAt(0) == '-';
        String body = negative || text.charAt(0) == '+' ? text.substring(1) : text;
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = part.matcher(body);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (end < body.length() && m.region(end, body.length()).lookingAt()) {
            BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(nanosPer(m.group(2)))).setScale(0, RoundingMode.DOWN));
            end = m.end();
        }
        if (end == 0 || end != body.length()) {
            throw invalid(key, text, examples);
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException(key + " is longer than a duration can be (~292 years), got '" + text + "'");
        }
        Duration d = Duration.ofNanos(nanos.longValueExact());
        return negative ? d.negated() : d;
    }

    private static Duration positive(String key, String text, Duration d) {
        if (d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got '" + text + "'");
        }
        return d;
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    private static IllegalArgumentException invalid(String key, String text, String examples) {
        return new IllegalArgumentException(key + " must be a duration such as " + examples + ", got '" + text + "'");
    }
}
