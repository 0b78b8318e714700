package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kured's window syntaxes and semantics, plus the overnight and DST rules kured lacks. */
class RebootWindowTest {

    @Test
    void acceptsKuredsTimeLayouts() {
        Object[][] table = {
            {"15:04", LocalTime.of(15, 4)}, {"9:30", LocalTime.of(9, 30)}, {"0:00", LocalTime.MIDNIGHT},
            {"15:04:05", LocalTime.of(15, 4, 5)}, {"23:59:59", LocalTime.of(23, 59, 59)},
            {"03:04pm", LocalTime.of(15, 4)}, {"12:30am", LocalTime.of(0, 30)}, {"12:00pm", LocalTime.NOON},
            {"15", LocalTime.of(15, 0)}, {"7", LocalTime.of(7, 0)}, {"03pm", LocalTime.of(15, 0)},
            {"3pm", LocalTime.of(15, 0)}, {"3am", LocalTime.of(3, 0)}, {"12am", LocalTime.MIDNIGHT},
            {" 11PM ", LocalTime.of(23, 0)},
        };
        for (Object[] row : table) {
            assertEquals(row[1], RebootWindow.parseTime("kreboot.start-time", (String) row[0]), "'" + row[0] + "'");
        }
    }

    @Test
    void rejectsOtherTimesNamingTheKey() {
        for (String bad : List.of("24:00", "3:04pm", "13pm", "0am", "noon", "", "15:4", "15:04:5", "-1")) {
            var e = assertThrows(IllegalArgumentException.class, () -> RebootWindow.parseTime("kreboot.end-time", bad));
            assertTrue(e.getMessage().startsWith("kreboot.end-time"), e.getMessage());
        }
    }

    @Test
    void acceptsKuredsDayNamesAndNumbers() {
        Object[][] table = {
            {"su", EnumSet.of(DayOfWeek.SUNDAY)}, {"sun", EnumSet.of(DayOfWeek.SUNDAY)},
            {"sunday", EnumSet.of(DayOfWeek.SUNDAY)}, {"0", EnumSet.of(DayOfWeek.SUNDAY)},
            {"6", EnumSet.of(DayOfWeek.SATURDAY)}, {"1", EnumSet.of(DayOfWeek.MONDAY)},
            {"Mon, TUE ,wednesday", EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY)},
            {"th,fr,sa", EnumSet.of(DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)},
            {"", EnumSet.noneOf(DayOfWeek.class)},
        };
        for (Object[] row : table) {
            assertEquals(row[1], RebootWindow.parseDays((String) row[0]), "'" + row[0] + "'");
        }
        for (String bad : List.of("7", "funday", "-1", "s")) {
            var e = assertThrows(IllegalArgumentException.class, () -> RebootWindow.parseDays(bad));
            assertTrue(e.getMessage().startsWith("kreboot.reboot-days"), e.getMessage());
        }
        assertEquals(7, RebootWindow.parse("", "0:00", "23:59:59", "UTC").days().size(), "empty means every day");
        var zone = assertThrows(IllegalArgumentException.class, () -> RebootWindow.parse("", "1", "2", "Mars/Base"));
        assertTrue(zone.getMessage().startsWith("kreboot.time-zone"), zone.getMessage());
    }

    /** days, start, end, zone, instant, inside?, why. 2026-11-27 is a Friday. */
    private static final Object[][] CONTAINS = {
        {"", "0:00", "23:59:59", "UTC", "2026-11-28T23:59:59.900Z", true, "kured's default window is always open"},
        {"", "0:00", "23:59:59", "UTC", "2026-11-28T00:00:00Z", true, "including midnight"},
        {"mon,tue,wed,thu,fri", "9", "5pm", "UTC", "2026-11-27T12:00:00Z", true, "weekday office hours"},
        {"mon,tue,wed,thu,fri", "9", "5pm", "UTC", "2026-11-28T12:00:00Z", false, "Saturday is not allowed"},
        {"mon,tue,wed,thu,fri", "9", "5pm", "UTC", "2026-11-27T08:59:59Z", false, "before the start"},
        {"mon,tue,wed,thu,fri", "9", "5pm", "UTC", "2026-11-27T17:00:00.500Z", true, "the end second is inside"},
        {"mon,tue,wed,thu,fri", "9", "5pm", "UTC", "2026-11-27T17:00:01Z", false, "after the end second"},
        {"fr", "22:00", "4", "UTC", "2026-11-27T21:59:59Z", false, "Friday before an overnight window"},
        {"fr", "22:00", "4", "UTC", "2026-11-27T22:00:00Z", true, "overnight window opens"},
        {"fr", "22:00", "4", "UTC", "2026-11-28T01:00:00Z", true, "continues past midnight into Saturday"},
        {"fr", "22:00", "4", "UTC", "2026-11-28T04:00:00.999Z", true, "until the end second"},
        {"fr", "22:00", "4", "UTC", "2026-11-28T04:00:01Z", false, "closed after the end"},
        {"fr", "22:00", "4", "UTC", "2026-11-27T01:00:00Z", false, "Friday early morning belongs to Thursday's window"},
        {"sa", "22:00", "4", "UTC", "2026-11-28T01:00:00Z", false, "Saturday's window starts Saturday night"},
        {"sa", "22:00", "4", "UTC", "2026-11-28T22:30:00Z", true, "Saturday night"},
        {"", "10pm", "02:00am", "America/New_York", "2026-11-28T04:00:00Z", true, "23:00 in New York"},
        {"", "10pm", "02:00am", "America/New_York", "2026-11-28T08:00:00Z", false, "03:00 in New York"},
        // Europe/Berlin spring forward 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z)
        {"", "2:30", "3:30", "Europe/Berlin", "2026-03-29T00:59:59Z", false, "01:59:59 CET, start time does not exist"},
        {"", "2:30", "3:30", "Europe/Berlin", "2026-03-29T01:00:00Z", true, "03:00 CEST, first instant after 02:30"},
        {"", "2:30", "3:30", "Europe/Berlin", "2026-03-29T01:30:00Z", true, "03:30 CEST end second"},
        {"", "2:30", "3:30", "Europe/Berlin", "2026-03-29T01:30:01Z", false, "past 03:30 CEST"},
        {"", "2:30", "3:30", "Europe/Berlin", "2026-03-30T00:30:00Z", true, "next day 02:30 CEST"},
        // Europe/Berlin fall back 2026-10-25 03:00 CEST -> 02:00 CET (01:00Z)
        {"", "2:30", "2:45", "Europe/Berlin", "2026-10-25T00:35:00Z", true, "first 02:35 (CEST)"},
        {"", "2:30", "2:45", "Europe/Berlin", "2026-10-25T01:00:00Z", false, "02:00 CET, between the two"},
        {"", "2:30", "2:45", "Europe/Berlin", "2026-10-25T01:35:00Z", true, "second 02:35 (CET)"},
        {"sa", "22:00", "6:00", "Europe/Berlin", "2026-10-25T04:59:59Z", true, "05:59:59 CET Sunday, night of Saturday"},
        {"sa", "22:00", "6:00", "Europe/Berlin", "2026-10-25T05:00:01Z", false, "06:00:01 CET"},
        // America/New_York spring forward 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z)
        {"su", "1:00", "3:00", "America/New_York", "2026-03-08T06:59:59Z", true, "01:59:59 EST"},
        {"su", "1:00", "3:00", "America/New_York", "2026-03-08T07:00:00Z", true, "03:00 EDT, an hour later in wall time"},
        {"su", "1:00", "3:00", "America/New_York", "2026-03-08T07:00:01Z", false, "03:00:01 EDT"},
        // America/New_York fall back 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z)
        {"su", "1:00", "1:59", "America/New_York", "2026-11-01T05:30:00Z", true, "01:30 EDT"},
        {"su", "1:00", "1:59", "America/New_York", "2026-11-01T06:30:00Z", true, "01:30 EST, the repeated hour"},
        {"su", "1:00", "1:59", "America/New_York", "2026-11-01T07:00:00Z", false, "02:00 EST"},
    };

    @Test
    void containsFollowsTheWallClockOfTheZone() {
        for (Object[] row : CONTAINS) {
            RebootWindow window = RebootWindow.parse((String) row[0], (String) row[1], (String) row[2], (String) row[3]);
            assertEquals(row[5], window.contains(Instant.parse((String) row[4])), row[6] + ": " + window + " at " + row[4]);
        }
    }

    @Test
    void closesAtTheEndOfTheOccurrenceItWasOpenedIn() {
        Object[][] table = {
            {"fr", "22:00", "4", "UTC", "2026-11-28T01:00:00Z", "2026-11-28T04:00:01Z"},
            {"", "2:30", "3:30", "Europe/Berlin", "2026-03-29T01:00:00Z", "2026-03-29T01:30:01Z"},
            {"", "2:30", "2:45", "Europe/Berlin", "2026-10-25T00:35:00Z", "2026-10-25T01:45:01Z"},
            {"su", "1:00", "1:59", "America/New_York", "2026-11-01T05:30:00Z", "2026-11-01T06:59:01Z"},
            {"", "0:00", "23:59:59", "UTC", "2026-11-28T12:00:00Z", null},
        };
        for (Object[] row : table) {
            RebootWindow window = RebootWindow.parse((String) row[0], (String) row[1], (String) row[2], (String) row[3]);
            Instant expected = row[5] == null ? null : Instant.parse((String) row[5]);
            assertEquals(expected, window.closesAfter(Instant.parse((String) row[4])), window + " at " + row[4]);
        }
        assertEquals(null, RebootWindow.parse("fr", "22", "4", "UTC").closesAfter(Instant.parse("2026-11-28T12:00:00Z")));
        assertEquals(Set.of(DayOfWeek.values()).size(), RebootWindow.always().days().size());
    }
}
