package dev.kreboot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void slotsAreHeldFromTheDrainUntilTheNodeIsBack() {
        List<Timeline.Bar> bars = List.of(
                new Timeline.Bar("node-1", "queued", 0, 10),
                new Timeline.Bar("node-1", "draining", 10, 50),
                new Timeline.Bar("node-1", "rebooting", 60, 90),
                new Timeline.Bar("node-1", "returning", 90, 100),
                new Timeline.Bar("node-2", "queued", 0, 100),
                new Timeline.Bar("node-2", "draining", 100, 150),
                new Timeline.Bar("node-2", "returning", 150, 200));
        TreeMap<Long, Integer> usage = Timeline.usage(bars);
        // node-1 holds its slot from 10 to 100 without a gap between phases; node-2 takes over at 100.
        assertEquals(Map.of(10L, 1, 100L, 1, 200L, 0), usage);
    }

    @Test
    void rendersOneRowPerNodeWithTheBudgetLine() {
        String html = Timeline.html("rollout <test>", List.of(
                new Timeline.Bar("node-10", "draining", 0, 10), new Timeline.Bar("node-2", "draining", 5, 20)), 1);
        assertTrue(html.contains("rollout &lt;test&gt;"), "title escaped");
        assertTrue(html.indexOf(">node-2<") < html.indexOf(">node-10<"), "nodes in numeric order");
        assertTrue(html.contains("budget 1"));
        assertTrue(html.startsWith("<!doctype html>") && html.contains("<svg"));
    }
}
