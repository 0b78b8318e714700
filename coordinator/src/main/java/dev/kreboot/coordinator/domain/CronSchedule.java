package dev.kreboot.coordinator.domain;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a budget applies: a five-field cron expression ({@code minute hour day-of-month month
 * day-of-week}; {@code *}, lists, ranges and {@code /step}; day-of-week 0-7 with 0 and 7 Sunday)
 * evaluated on the wall clock of {@code zone}, each firing opening a period of {@code duration}
 * (Karpenter's disruption-budget schedule). {@code excludedDates} are local dates on which the
 * budget does not apply at all (holidays).
 *
 * <p>Active at {@code t} when some minute in {@code (t - duration, t]} fires and {@code t}'s local
 * date is not excluded. Found by walking back minute by minute, so duration is capped at 31 days.
 * As in Vixie cron, when neither day field starts with {@code *} a day matches if either does.
 */
public record CronSchedule(String expression, Duration duration, ZoneId zone, Set<LocalDate> excludedDates) {
    static final Duration MAX_DURATION = Duration.ofDays(31);
    /** Parsed fields by expression: records hold no derived state, and a budget is checked on every input. */
    private static final Map<String, BitSet[]> PARSED = new ConcurrentHashMap<>();

    public CronSchedule {
        excludedDates = Set.copyOf(excludedDates);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be between 1m and 31 days, got " + duration);
        }
        PARSED.computeIfAbsent(expression, CronSchedule::fields);
    }

    private static BitSet[] fields(String expression) {
        String[] parts = expression.strip().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("cron needs 5 fields (minute hour day month weekday): '" + expression + "'");
        }
        BitSet[] fields = {field(parts[0], 0, 59), field(parts[1], 0, 23), field(parts[2], 1, 31),
            field(parts[3], 1, 12), field(parts[4], 0, 7)};
        if (fields[4].get(7)) {
            fields[4].set(0);
        }
        return fields;
    }

    private static BitSet field(String text, int min, int max) {
        BitSet bits = new BitSet(max + 1);
        for (String item : text.split(",")) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), 1, max);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = number(range.substring(0, range.indexOf('-')), min, max);
                to = number(range.substring(range.indexOf('-') + 1), min, max);
            } else {
                from = number(range, min, max);
                to = slash >= 0 ? max : from;
            }
            if (from > to) {
                throw new IllegalArgumentException("cron range backwards: '" + item + "'");
            }
            for (int i = from; i <= to; i += step) {
                bits.set(i);
            }
        }
        return bits;
    }

    private static int number(String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException("cron value " + n + " outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron value not a number: '" + text + "'", e);
        }
    }

    public boolean activeAt(Instant t) {
        if (excludedDates.contains(t.atZone(zone).toLocalDate())) {
            return false;
        }
        BitSet[] f = PARSED.computeIfAbsent(expression, CronSchedule::fields);
        String[] parts = expression.strip().split("\\s+");
        // Vixie cron: a day field starting with '*' leaves the other in charge, otherwise either may match
        boolean anyDay = parts[2].startsWith("*");
        boolean anyWeekday = parts[4].startsWith("*");
        Instant minute = t.truncatedTo(ChronoUnit.MINUTES);
        Instant earliest = t.minus(duration);
        for (; minute.isAfter(earliest); minute = minute.minus(1, ChronoUnit.MINUTES)) {
            if (fires(f, minute.atZone(zone), anyDay, anyWeekday)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fires(BitSet[] f, ZonedDateTime local, boolean anyDay, boolean anyWeekday) {
        if (!f[0].get(local.getMinute()) || !f[1].get(local.getHour()) || !f[3].get(local.getMonthValue())) {
            return false;
        }
        boolean dayOk = f[2].get(local.getDayOfMonth());
        boolean weekdayOk = f[4].get(local.getDayOfWeek().getValue() % 7);
        if (anyDay || anyWeekday) {
            return dayOk && weekdayOk;
        }
        return dayOk || weekdayOk;
    }

    public static ZoneId zoneOf(String key, String text) {
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(key + ": unknown time zone '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return "'" + expression + "' for " + duration + " in " + zone + (excludedDates.isEmpty() ? ""
                : " except " + excludedDates);
    }
}
