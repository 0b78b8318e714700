package dev.kreboot.sandbox;

import java.util.List;
import java.util.Map;

/** What one run showed; the report adds runs up. */
record RunResult(String scenario, long seed, List<String> faults, int nodes, int nodesRequiringReboot, int nodesRebooted,
                 Map<String, Integer> rebootsPerNode, int concurrencyLimit, int maxConcurrentObserved,
                 List<String> invariantViolations, List<String> stuckNodes, int notificationsDelivered,
                 Map<String, Integer> notificationsByChannel,
                 int notificationDuplicates, List<Long> detectionMs, List<Long> handoffMs, long rolloutMs,
                 long idealMs, long durationMs, Long nextGrantAfterMs, List<NodeRow> rows, List<Timeline.Bar> bars,
                 String topicPrefix) {

    /** One line of the final table; durations in ms, null when the phase did not happen. */
    record NodeRow(String node, boolean needed, int reboots, Long drainMs, Long rebootMs, Long totalMs, String result) {
        boolean completed() {
            return "completed".equals(result);
        }
    }

    /**
     * How long the rollout took, or null when a node that needed a reboot never completed one: such
     * a rollout has no end (a never-returns node stays stuck on purpose), and {@code rolloutMs} then
     * measures from whatever the missing completion defaulted to, not a duration.
     */
    Long finishedRolloutMs() {
        return rows.stream().filter(NodeRow::needed).allMatch(NodeRow::completed) ? rolloutMs : null;
    }

    boolean passed() {
        return invariantViolations.isEmpty();
    }
}
