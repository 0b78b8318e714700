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
    }

    boolean passed() {
        return invariantViolations.isEmpty();
    }
}
