package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Budget arithmetic and schedules, then budgets at work in the coordinator (groups, most restrictive, NotReady). */
class BudgetTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void percentagesRoundDownButNeverBelowOne() {
        int[][] table = {{20, 4, 1}, {20, 10, 2}, {20, 9, 1}, {50, 3, 1}, {100, 7, 7}, {33, 100, 33}, {1, 0, 1},
            {25, 8, 2}, {99, 100, 99}};
        for (int[] row : table) {
            assertEquals(row[2], new Budget(0, row[0]).allowed(row[1]), row[0] + "% of " + row[1]);
        }
        assertEquals(3, new Budget(3, 0).allowed(1), "a count does not depend on the fleet");
    }

    @Test
    void zeroIsAFreezeAndOnlyMeaningfulWithASchedule() {
        CronSchedule weekend = new CronSchedule("0 0 * * 6", Duration.ofHours(48), BERLIN, Set.of());
        assertEquals(0, Budget.parse("kreboot.budgets.0.max", "0", null, weekend).allowed(50));
        assertThrows(IllegalArgumentException.class, () -> Budget.parse("kreboot.budgets.0.max", "0"));
        assertEquals("20% per zone", Budget.parse("k", "20%", "zone", null).toString());
    }

    /** cron, duration, exclusions, instant, active?, why. 2026-11-27 is a Friday. */
    @Test
    void schedulesOpenPeriodsOnTheWallClockOfTheirZone() {
        Object[][] table = {
            {"0 22 * * 5", "PT60H", "", "2026-11-27T20:59:00Z", false, "Friday 21:59 CET, before the firing"},
            {"0 22 * * 5", "PT60H", "", "2026-11-27T21:00:00Z", true, "Friday 22:00 CET fires"},
            {"0 22 * * 5", "PT60H", "", "2026-11-28T12:00:00Z", true, "Saturday"},
            {"0 22 * * 5", "PT60H", "", "2026-11-30T08:59:59Z", true, "Monday 09:59:59 CET, last second"},
            {"0 22 * * 5", "PT60H", "", "2026-11-30T09:00:00Z", false, "Monday 10:00 CET, 60 h later"},
            {"0 22 * * 5", "PT60H", "2026-11-28", "2026-11-28T12:00:00Z", false, "an excluded Saturday"},
            {"0 22 * * 5", "PT60H", "2026-11-28", "2026-11-29T12:00:00Z", true, "the Sunday after is not excluded"},
            {"0 22 * * 5", "PT60H", "2026-11-28", "2026-11-27T21:30:00Z", true, "nor the Friday"},
            {"*/15 9-17 * * 1-5", "PT5M", "", "2026-11-27T08:46:00Z", true, "Friday 09:46 CET, fired 09:45"},
            {"*/15 9-17 * * 1-5", "PT5M", "", "2026-11-27T08:51:00Z", false, "09:51, five minutes later"},
            {"0 0 1 * 1", "PT1H", "", "2026-11-30T23:30:00Z", true, "the 1st (a Tuesday) fires: day fields are ORed"},
            {"0 0 1 * 1", "PT1H", "", "2026-11-30T00:30:00Z", false, "Monday 00:00 CET was 23:00Z the day before"},
            {"0 0 1 * 1", "PT1H", "", "2026-11-29T23:30:00Z", true, "Monday 00:30 CET"},
            {"30 2 * * 0", "PT1H", "", "2026-03-29T01:15:00Z", false, "02:30 does not exist on the spring-forward day"},
            {"30 2 * * 0", "PT30M", "", "2026-10-25T00:45:00Z", true, "first 02:30 on the fall-back day"},
            {"30 2 * * 0", "PT30M", "", "2026-10-25T01:45:00Z", true, "and the repeated one"},
            {"0 0 * * 7", "PT1H", "", "2026-11-28T23:30:00Z", true, "7 is Sunday too"},
        };
        for (Object[] row : table) {
            String excluded = (String) row[2];
            CronSchedule schedule = new CronSchedule((String) row[0], Duration.parse((String) row[1]), BERLIN,
                    excluded.isEmpty() ? Set.of() : Set.of(LocalDate.parse(excluded)));
            assertEquals(row[4], schedule.activeAt(Instant.parse((String) row[3])), row[5] + ": " + schedule);
        }
    }

    @Test
    void aScheduleThatFiresOnceInFourYearsIsFoundOnItsDayAndNowhereElse() {
        CronSchedule leapDay = new CronSchedule("0 0 29 2 *", Duration.ofHours(1), BERLIN, Set.of());
        assertEquals(true, leapDay.activeAt(Instant.parse("2028-02-28T23:30:00Z")), "00:30 CET on 29 February 2028");
        assertEquals(false, leapDay.activeAt(Instant.parse("2028-02-29T00:00:00Z")), "an hour after it fired");
        assertEquals(false, leapDay.activeAt(Instant.parse("2027-02-28T23:30:00Z")), "2027 has no 29 February");
    }

    @Test
    void rejectsMalformedSchedulesNamingTheExpression() {
        assertEquals(true, assertThrows(IllegalArgumentException.class,
                () -> new CronSchedule("0 25 * * *", Duration.ofHours(1), BERLIN, Set.of())).getMessage().contains("'0 25 * * *'"));
    }

    @Test
    void rejectsMalformedSchedules() {
        for (String bad : List.of("0 22 * *", "60 * * * *", "a * * * *", "0 24 * * *", "5-1 * * * *", "*/0 * * * *")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new CronSchedule(bad, Duration.ofHours(1), BERLIN, Set.of()), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> new CronSchedule("* * * * *", Duration.ofDays(40), BERLIN, Set.of()));
    }

    private final Harness h = new Harness();

    @Test
    void aGroupBudgetLetsOneNodePerZoneGoWhileTheGlobalOneAllowsMore() {
        Harness zones = new Harness(policy(List.of(new Budget(3, 0), Budget.parse("k", "1", "zone", null))));
        zones.zone("a1", "a").zone("a2", "a").zone("b1", "b").zone("b2", "b").caughtUp();
        zones.require("a1").require("a2").require("b1").require("b2");
        assertEquals(Set.of("a1", "b1"), zones.holders());
        assertEquals(List.of(BlockReason.GROUP_BUDGET_EXHAUSTED), zones.explain("a2").reasons());
    }

    @Test
    void theMostRestrictiveBudgetWins() {
        Harness both = new Harness(policy(List.of(new Budget(3, 0), new Budget(0, 20))));
        for (int i = 0; i < 10; i++) {
            both.zone("n" + i, "a");
        }
        both.caughtUp();
        for (int i = 0; i < 10; i++) {
            both.require("n" + i);
        }
        assertEquals(2, both.holders().size(), "20% of 10 nodes is tighter than 3");
        assertEquals(List.of(BlockReason.BUDGET_EXHAUSTED), both.explain("n5").reasons());
    }

    @Test
    void notReadyAndCordonedNodesCountAgainstTheBudget() {
        Harness one = new Harness(policy(List.of(new Budget(1, 0))));
        one.zone("a", "z").zone("b", "z").caughtUp();
        one.apply(new Input.NodeObserved("b", java.util.Map.of(), false, false, false));
        one.require("a");
        assertEquals(Set.of(), one.holders(), "b is NotReady: the one slot is taken");
        one.apply(new Input.NodeObserved("b", java.util.Map.of(), true, true, false));
        assertEquals(Set.of(), one.holders(), "b is cordoned by someone: still out");
        one.apply(new Input.NodeObserved("b", java.util.Map.of(), true, false, false));
        assertEquals(Set.of("a"), one.holders());
    }

    @Test
    void aScheduledFreezeBlocksOnlyWhileActiveAndNotOnExcludedDates() {
        CronSchedule nights = new CronSchedule("0 0 * * *", Duration.ofHours(6), ZoneId.of("UTC"),
                Set.of(LocalDate.parse("2026-11-29")));
        Harness frozen = new Harness(policy(List.of(new Budget(1, 0), Budget.parse("k", "0", null, nights))));
        frozen.at("2026-11-28T01:00:00Z").caughtUp().require("a");
        assertEquals(List.of(BlockReason.BUDGET_EXHAUSTED), frozen.explain("a").reasons());
        frozen.at("2026-11-28T06:00:00Z").tick();
        assertEquals(Set.of("a"), frozen.holders(), "the freeze ended at 06:00");
        Harness holiday = new Harness(policy(List.of(new Budget(1, 0), Budget.parse("k", "0", null, nights))));
        holiday.at("2026-11-29T01:00:00Z").caughtUp().require("a");
        assertEquals(Set.of("a"), holiday.holders(), "no freeze on an excluded date");
    }

    static Policy policy(List<Budget> budgets) {
        Policy base = Policy.of(budgets.get(0));
        return new Policy(budgets, base.window(), base.drainMargin(), false, base.blockerMaxAge(), null,
                base.deadlines(), base.soak(), false, false, 0, false);
    }
}
