package dev.kreboot.coordinator.domain;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When reboots may start: kured's {@code rebootDays}, {@code startTime}, {@code endTime} and
 * {@code timeZone}, with kured's syntaxes.
 *
 * <ol>
 * <li>All comparisons are on the wall clock of {@code zone}, so both DST transitions are handled
 *     by the zone rules: a start time that does not exist on a spring-forward day opens the window
 *     at the first existing instant after it; a repeated hour on the fall-back day is inside the
 *     window both times.</li>
 * <li>A window with start &lt;= end is inside one day: {@code start <= t <= end} (the end second is
 *     included, as in kured) on an allowed day.</li>
 * <li>A window with start &gt; end crosses midnight. Unlike kured (which checks the day of the
 *     current wall-clock date), an occurrence belongs to the day it starts on: Friday 22:00-04:00
 *     with only Friday allowed runs until Saturday 04:00, and Saturday 01:00 is outside when only
 *     Saturday is allowed.</li>
 * </ol>
 */
public record RebootWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

    private static final Map<String, DayOfWeek> DAY_NAMES = Map.ofEntries(
            Map.entry("su", DayOfWeek.SUNDAY), Map.entry("sun", DayOfWeek.SUNDAY), Map.entry("sunday", DayOfWeek.SUNDAY),
            Map.entry("mo", DayOfWeek.MONDAY), Map.entry("mon", DayOfWeek.MONDAY), Map.entry("monday", DayOfWeek.MONDAY),
            Map.entry("tu", DayOfWeek.TUESDAY), Map.entry("tue", DayOfWeek.TUESDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("we", DayOfWeek.WEDNESDAY), Map.entry("wed", DayOfWeek.WEDNESDAY),
            Map.entry("wednesday", DayOfWeek.WEDNESDAY),
            Map.entry("th", DayOfWeek.THURSDAY), Map.entry("thu", DayOfWeek.THURSDAY),
            Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("fr", DayOfWeek.FRIDAY), Map.entry("fri", DayOfWeek.FRIDAY), Map.entry("friday", DayOfWeek.FRIDAY),
            Map.entry("sa", DayOfWeek.SATURDAY), Map.entry("sat", DayOfWeek.SATURDAY),
            Map.entry("saturday", DayOfWeek.SATURDAY));
    private static final Pattern H_MM = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final Pattern HH_MM_PM = Pattern.compile("(\\d{2}):(\\d{2})([ap]m)");
    private static final Pattern H = Pattern.compile("(\\d{1,2})");
    private static final Pattern H_PM = Pattern.compile("(\\d{1,2})([ap]m)");

    public RebootWindow {
        days = days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }

    /** Every day, all day: kured's defaults. */
    public static RebootWindow always() {
        return new RebootWindow(Set.of(), LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59), ZoneId.of("UTC"));
    }

    /**
     * Parses kured's flags; each error names the key it came from.
     *
     * @param days comma-separated {@code su}/{@code sun}/{@code sunday}/{@code 0}..{@code 6} (0 is
     *             Sunday), case-insensitive; empty means every day
     */
    public static RebootWindow parse(String days, String start, String end, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("kreboot.time-zone: unknown time zone '" + timeZone + "'", e);
        }
        return new RebootWindow(parseDays(days), parseTime("kreboot.start-time", start),
                parseTime("kreboot.end-time", end), zone);
    }

    static Set<DayOfWeek> parseDays(String text) {
        Set<DayOfWeek> result = EnumSet.noneOf(DayOfWeek.class);
        for (String raw : text.split(",")) {
            String day = raw.strip().toLowerCase(Locale.ROOT);
            if (day.isEmpty()) {
                continue;
            }
            if (day.chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(day);
                if (n > 6) {
                    throw new IllegalArgumentException("kreboot.reboot-days: day number out of range 0..6: '" + raw + "'");
                }
                result.add(n == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(n));
            } else if (DAY_NAMES.containsKey(day)) {
                result.add(DAY_NAMES.get(day));
            } else {
                throw new IllegalArgumentException("kreboot.reboot-days: not a weekday: '" + raw + "'");
            }
        }
        return result;
    }

    /** kured's layouts: {@code 15:04}, {@code 15:04:05}, {@code 03:04pm}, {@code 15}, {@code 03pm}, {@code 3pm}. */
    static LocalTime parseTime(String key, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            Matcher m;
            if ((m = H_MM.matcher(t)).matches()) {
                return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
            }
            if ((m = HH_MM_PM.matcher(t)).matches()) {
                return LocalTime.of(hour12(m.group(1), m.group(3)), Integer.parseInt(m.group(2)));
            }
            if ((m = H.matcher(t)).matches()) {
                return LocalTime.of(Integer.parseInt(m.group(1)), 0);
            }
            if ((m = H_PM.matcher(t)).matches()) {
                return LocalTime.of(hour12(m.group(1), m.group(2)), 0);
            }
        } catch (DateTimeException e) {
            // falls through to the message naming the key
        }
        throw new IllegalArgumentException(key + ": not a time in kured's formats (15:04, 15:04:05, 03:04pm, 15, "
                + "03pm, 3pm): '" + text + "'");
    }

    private static int hour12(String hour, String amPm) {
        int h = Integer.parseInt(hour);
        if (h < 1 || h > 12) {
            throw new DateTimeException("12-hour clock hour out of range");
        }
        return (h % 12) + (amPm.equals("pm") ? 12 : 0);
    }

    private boolean crossesMidnight() {
        return start.isAfter(end);
    }

    /** Whether a reboot may start at {@code t}. */
    public boolean contains(Instant t) {
        return openedOn(t) != null;
    }

    /** The local date the occurrence containing {@code t} started on, or null outside the window. */
    private LocalDate openedOn(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalDate date = local.toLocalDate();
        if (!crossesMidnight()) {
            return days.contains(date.getDayOfWeek()) && !time.isBefore(start) && !time.isAfter(endOfEndSecond())
                    ? date : null;
        }
        if (!time.isBefore(start)) {
            return days.contains(date.getDayOfWeek()) ? date : null;
        }
        if (!time.isAfter(endOfEndSecond())) {
            LocalDate previous = date.minusDays(1);
            return days.contains(previous.getDayOfWeek()) ? previous : null;
        }
        return null;
    }

    private LocalTime endOfEndSecond() {
        return end.withNano(999_999_999);
    }

    /**
     * When the occurrence containing {@code t} closes (the first instant outside it), or null when
     * {@code t} is outside the window. On a fall-back day the later of a repeated end time counts,
     * since the window contains both.
     */
    public Instant closesAfter(Instant t) {
        LocalDate opened = openedOn(t);
        if (opened == null) {
            return null;
        }
        LocalDate endDate = crossesMidnight() ? opened.plusDays(1) : opened;
        ZonedDateTime close = ZonedDateTime.ofLocal(endDate.atTime(end), zone, null).withLaterOffsetAtOverlap()
                .plusSeconds(1);
        if (isEveryDayAllDay()) {
            return null;
        }
        return close.toInstant();
    }

    /** kured's default window: never closes, so a drain margin never applies. */
    private boolean isEveryDayAllDay() {
        return days.size() == 7 && start.equals(LocalTime.MIDNIGHT) && end.equals(LocalTime.of(23, 59, 59));
    }

    @Override
    public String toString() {
        return days + " " + start + "-" + end + " " + zone;
    }
}
