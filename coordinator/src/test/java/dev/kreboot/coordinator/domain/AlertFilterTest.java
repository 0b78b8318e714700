package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** kured's alert semantics (regexp, match-only, firing-only) and the node scoping beyond kured, as a table. */
class AlertFilterTest {
    private static final List<AlertFilter.Alert> ALERTS = List.of(
            alert("KubeNodeNotReady", "firing", "n1"),
            alert("NodeDiskPressure", "pending", "n2"),
            alert("Watchdog", "firing", null),
            alert("BackupRunning", "pending", null));

    private static AlertFilter.Alert alert(String name, String state, String node) {
        return new AlertFilter.Alert(node == null ? Map.of("alertname", name, "alertstate", state)
                : Map.of("alertname", name, "alertstate", state, "instance", node));
    }

    /** regexp, matchOnly, firingOnly, nodeLabel, expected cluster alerts, expected per-node alerts, why. */
    private static final Object[][] TABLE = {
        {null, false, false, null, List.of("BackupRunning", "KubeNodeNotReady", "NodeDiskPressure", "Watchdog"),
            Map.of(), "kured default: every alert blocks"},
        {"Watchdog", false, false, null, List.of("BackupRunning", "KubeNodeNotReady", "NodeDiskPressure"), Map.of(),
            "a filter ignores matching alerts"},
        {"^(Watchdog|Backup)", false, false, null, List.of("KubeNodeNotReady", "NodeDiskPressure"), Map.of(),
            "an anchored alternation"},
        {"Node", false, false, null, List.of("BackupRunning", "Watchdog"), Map.of(),
            "unanchored: found anywhere in the name, as Go's MatchString"},
        {"Node", true, false, null, List.of("KubeNodeNotReady", "NodeDiskPressure"), Map.of(),
            "match-only: only matching alerts block"},
        {null, true, false, null, List.of("BackupRunning", "KubeNodeNotReady", "NodeDiskPressure", "Watchdog"),
            Map.of(), "match-only without a filter changes nothing"},
        {null, false, true, null, List.of("KubeNodeNotReady", "Watchdog"), Map.of(), "firing-only drops pending"},
        {"Node", true, true, null, List.of("KubeNodeNotReady"), Map.of(), "match-only and firing-only together"},
        {null, false, false, "instance", List.of("BackupRunning", "Watchdog"),
            Map.of("n1", List.of("KubeNodeNotReady"), "n2", List.of("NodeDiskPressure")),
            "scoped: alerts naming a node block only it, others still block all"},
        {"Watchdog", false, true, "instance", List.of(), Map.of("n1", List.of("KubeNodeNotReady")),
            "scoped, filtered, firing only"},
    };

    @Test
    void decidesWhichAlertsBlockWhichNodes() {
        for (Object[] row : TABLE) {
            AlertFilter filter = new AlertFilter(row[0] == null ? null : Pattern.compile((String) row[0]),
                    (Boolean) row[1], (Boolean) row[2], (String) row[3]);
            AlertFilter.Verdict verdict = filter.evaluate(ALERTS);
            assertEquals(row[4], verdict.cluster(), (String) row[6]);
            assertEquals(row[5], verdict.nodes(), (String) row[6]);
        }
    }

    @Test
    void noAlertsBlockNothing() {
        AlertFilter.Verdict verdict = new AlertFilter(null, false, false, "node").evaluate(List.of());
        assertEquals(List.of(), verdict.cluster());
        assertEquals(Map.of(), verdict.nodes());
    }
}
