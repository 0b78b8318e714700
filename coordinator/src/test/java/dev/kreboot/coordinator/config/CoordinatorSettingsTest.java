package dev.kreboot.coordinator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.Policy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatorSettingsTest {
    private static final Map<String, String> REQUIRED = Map.of("kreboot.cluster", "c", "kafka.bootstrap.servers", "k:9092");

    private static CoordinatorSettings with(String... keyValues) {
        Map<String, String> map = new HashMap<>(REQUIRED);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return CoordinatorSettings.from(map);
    }

    @Test
    void defaultsBehaveLikeKuredWithFiniteDeadlines() {
        CoordinatorSettings s = with();
        Policy p = s.policy();
        assertEquals(List.of(new Budget(1, 0)), p.budgets());
        assertEquals(7, p.window().days().size());
        assertEquals(LocalTime.of(23, 59, 59), p.window().end());
        assertTrue(p.window().contains(Instant.parse("2026-11-28T23:59:59Z")));
        assertFalse(p.blockerChecks());
        assertNull(p.maxNotReady());
        assertEquals(new Policy.Deadlines(Duration.ofHours(2), Duration.ofMinutes(30), Duration.ofMinutes(30)),
                p.deadlines());
        assertEquals(Duration.ZERO, p.soak());
        assertFalse(p.canary() || p.dryRun() || p.healthQuery());
        assertEquals(0, p.maxConsecutiveFailures());
        assertEquals(Duration.ofSeconds(10), s.blockers().period());
        assertFalse(s.blockers().needsKubernetes());
    }

    @Test
    void readsEveryPolicyKey() {
        CoordinatorSettings s = with("kreboot.concurrency", "20%", "kreboot.reboot-days", "sa,su",
                "kreboot.start-time", "10pm", "kreboot.end-time", "04:30", "kreboot.time-zone", "Europe/Berlin",
                "kreboot.drain-window-margin", "45m", "kreboot.prometheus-url", "http://user:pw@prom:9090",
                "kreboot.alert-filter-regexp", "^Watchdog$", "kreboot.alert-filter-match-only", "true",
                "kreboot.alert-firing-only", "true", "kreboot.alert-node-label", "instance",
                "kreboot.blocking-pod-selector", "app=backup;team in (db,search)", "kreboot.max-not-ready", "10%",
                "kreboot.watch-nodes", "true", "kreboot.blocker-period", "30s", "kreboot.drain-deadline", "1h30m",
                "kreboot.reboot-deadline", "20m", "kreboot.ready-deadline", "PT15M", "kreboot.soak-time", "5m",
                "kreboot.health-query", "up == 0", "kreboot.canary", "true", "kreboot.max-consecutive-failures", "3",
                "kreboot.dry-run", "true",
                "kreboot.budgets.0.max", "1", "kreboot.budgets.0.group-by", "topology.kubernetes.io/zone",
                "kreboot.budgets.1.max", "0", "kreboot.budgets.1.schedule", "0 8 * * 1-5",
                "kreboot.budgets.1.duration", "10h", "kreboot.budgets.1.time-zone", "Europe/Berlin",
                "kreboot.budgets.1.exclude-dates", "2026-12-24, 2026-12-31");
        Policy p = s.policy();
        assertEquals(3, p.budgets().size());
        assertEquals("topology.kubernetes.io/zone", p.budgets().get(1).groupBy());
        assertEquals(2, p.budgets().get(2).schedule().excludedDates().size());
        assertEquals(java.util.Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), p.window().days());
        assertEquals(Duration.ofMinutes(45), p.drainMargin());
        assertTrue(p.blockerChecks());
        assertEquals(Duration.ofSeconds(90), p.blockerMaxAge());
        assertEquals(new Budget(0, 10), p.maxNotReady());
        assertEquals(new Policy.Deadlines(Duration.ofMinutes(90), Duration.ofMinutes(20), Duration.ofMinutes(15)),
                p.deadlines());
        assertTrue(p.healthQuery() && p.canary() && p.dryRun());
        assertEquals(3, p.maxConsecutiveFailures());
        assertEquals(List.of("app=backup", "team in (db,search)"), s.blockers().podSelectors());
        assertTrue(s.blockers().needsKubernetes());
        assertFalse(s.toString().contains("pw"), "credentials masked: " + s);
    }

    @Test
    void everyInvalidValueNamesItsKey() {
        String[][] table = {
            {"kreboot.concurrency", "0"}, {"kreboot.reboot-days", "someday"}, {"kreboot.start-time", "25:00"},
            {"kreboot.end-time", "3:04pm"}, {"kreboot.time-zone", "Moon/Base"}, {"kreboot.drain-window-margin", "ten"},
            {"kreboot.prometheus-url", "prom:9090"}, {"kreboot.alert-filter-regexp", "(unclosed"},
            {"kreboot.alert-filter-match-only", "yes"}, {"kreboot.alert-firing-only", "1"},
            {"kreboot.max-not-ready", "2"}, {"kreboot.watch-nodes", "on"}, {"kreboot.blocker-period", "0"},
            {"kreboot.blocker-period", "500ms"},
            {"kreboot.drain-deadline", "-5m"}, {"kreboot.reboot-deadline", "5 minutes"},
            {"kreboot.ready-deadline", "1d"}, {"kreboot.soak-time", "x"}, {"kreboot.canary", "maybe"},
            {"kreboot.max-consecutive-failures", "-1"}, {"kreboot.dry-run", "TRUE!"},
            {"kreboot.command-partitions", "0"}, {"kreboot.create-topics", "nope"},
        };
        for (String[] row : table) {
            var e = assertThrows(IllegalArgumentException.class, () -> with(row[0], row[1]), row[0]);
            assertTrue(e.getMessage().startsWith(row[0]), row[0] + " -> " + e.getMessage());
        }
        var notReady = assertThrows(IllegalArgumentException.class, () -> with("kreboot.watch-nodes", "true",
                "kreboot.max-not-ready", "-1"));
        assertTrue(notReady.getMessage().startsWith("kreboot.max-not-ready"), notReady.getMessage());
        var groups = assertThrows(IllegalArgumentException.class, () -> with("kreboot.budgets.0.max", "1",
                "kreboot.budgets.0.group-by", "zone"));
        assertEquals("kreboot.budgets.0.group-by needs kreboot.watch-nodes=true", groups.getMessage());
        var health = assertThrows(IllegalArgumentException.class, () -> with("kreboot.health-query", "up == 0"));
        assertTrue(health.getMessage().startsWith("kreboot.health-query"), health.getMessage());
    }

    @Test
    void invalidBudgetsNameTheirIndexedKey() {
        String[][] table = {
            {"kreboot.budgets.0.max", "kreboot.budgets.0.max", "two"},
            {"kreboot.budgets.0.max", "kreboot.budgets.0.max", "0"},
            {"kreboot.budgets.0.schedule", "kreboot.budgets.0.duration", "0 8 * * *"},
        };
        for (String[] row : table) {
            var e = assertThrows(IllegalArgumentException.class, () -> with(row[0], row[2]), row[0]);
            assertTrue(e.getMessage().startsWith(row[1]), row[0] + " -> " + e.getMessage());
        }
        var cron = assertThrows(IllegalArgumentException.class, () -> with("kreboot.budgets.0.max", "0",
                "kreboot.budgets.0.schedule", "61 * * * *", "kreboot.budgets.0.duration", "1h"));
        assertTrue(cron.getMessage().startsWith("kreboot.budgets.0.schedule"), cron.getMessage());
        var dates = assertThrows(IllegalArgumentException.class, () -> with("kreboot.budgets.0.max", "0",
                "kreboot.budgets.0.schedule", "0 8 * * *", "kreboot.budgets.0.duration", "1h",
                "kreboot.budgets.0.exclude-dates", "24.12.2026"));
        assertTrue(dates.getMessage().startsWith("kreboot.budgets.0.exclude-dates"), dates.getMessage());
        var zone = assertThrows(IllegalArgumentException.class, () -> with("kreboot.budgets.0.max", "1",
                "kreboot.budgets.0.schedule", "0 8 * * *", "kreboot.budgets.0.duration", "1h",
                "kreboot.budgets.0.time-zone", "Nowhere"));
        assertTrue(zone.getMessage().startsWith("kreboot.budgets.0.time-zone"), zone.getMessage());
    }
}
