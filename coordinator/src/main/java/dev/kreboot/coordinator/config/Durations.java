package dev.kreboot.coordinator.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as kured takes them ({@code 90s}, {@code 1h30m}, {@code 500ms}, {@code 0}); ISO-8601 too. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private Durations() {
    }

    public static Duration parse(String key, String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return check(key, text, Duration.parse(t));
            } catch (DateTimeParseException e) {
                throw invalid(key, text);
            }
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            at = m.end();
        }
        if (t.isEmpty() || at != t.length()) {
            throw invalid(key, text);
        }
        return check(key, text, total);
    }

    private static Duration check(String key, String text, Duration d) {
        if (d.isNegative()) {
            throw invalid(key, text);
        }
        return d;
    }

    private static IllegalArgumentException invalid(String key, String text) {
        return new IllegalArgumentException(key + " must be a duration such as 90s, 15m, 1h30m or 0, got '" + text + "'");
    }
}
