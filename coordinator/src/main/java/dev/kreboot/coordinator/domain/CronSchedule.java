package dev.kreboot.coordinator.domain;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a budget applies: a five-field Unix cron expression ({@code minute hour day-of-month month
 * day-of-week}; {@code *}, lists, ranges and {@code /step}; day-of-week 0-7 with 0 and 7 Sunday)
 * evaluated on the wall clock of {@code zone}, each firing opening a period of {@code duration}
 * (Karpenter's disruption-budget schedule). {@code excludedDates} are local dates on which the
 * budget does not apply at all (holidays).
 *
 * <p>Active at {@code t} when the latest firing at or before {@code t} lies in
 * {@code (t - duration, t]} and {@code t}'s local date is not excluded. Parsing and the search for
 * that firing are cron-utils' Unix definition (maintained, and it already knows Vixie cron's rule
 * that when neither day field is {@code *} a day matches if either does), so the coordinator keeps
 * no cron grammar of its own. Firing times are wall-clock times: a time the spring-forward gap
 * skips never fires, one the fall-back hour repeats fires on both passes. Duration is capped at 31
 * days, a budget's longest sensible period.
 */
public record CronSchedule(String expression, Duration duration, ZoneId zone, Set<LocalDate> excludedDates) {
    static final Duration MAX_DURATION = Duration.ofDays(31);
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Parsed expressions: records hold no derived state, and a budget is checked on every input. */
    private static final Map<String, ExecutionTime> PARSED = new ConcurrentHashMap<>();

    public CronSchedule {
        excludedDates = Set.copyOf(excludedDates);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be between 1m and 31 days, got " + duration);
        }
        executionTime(expression);
    }

    private static ExecutionTime executionTime(String expression) {
        return PARSED.computeIfAbsent(expression, CronSchedule::parse);
    }

    private static ExecutionTime parse(String expression) {
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron needs 5 fields (minute hour day month weekday): '" + expression + "'");
        }
        try {
            Cron cron = UNIX.parse(String.join(" ", fields)).validate();
            return ExecutionTime.forCron(cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron '" + expression + "': " + e.getMessage(), e);
        }
    }

    public boolean activeAt(Instant t) {
        if (excludedDates.contains(t.atZone(zone).toLocalDate())) {
            return false;
        }
        ExecutionTime cron = executionTime(expression);
        ZonedDateTime minute = t.truncatedTo(ChronoUnit.MINUTES).atZone(zone);
        Optional<ZonedDateTime> fired = cron.isMatch(minute) ? Optional.of(minute) : cron.lastExecution(minute);
        return fired.map(f -> f.toInstant().isAfter(t.minus(duration))).orElse(false);
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
