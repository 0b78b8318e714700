package dev.kreboot.sandbox;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.ProgressPhase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's figures, measured from broker timestamps in the event log and the hosts' own
 * clocks (SANDBOX.md): detection and hand-off latencies, each node's phase durations, the time to
 * the first grant after a failover. A phase that did not happen is null, never a made-up number.
 */
final class RolloutMeasurements {
    private RolloutMeasurements() {
    }

    /** Per node that needed a reboot: sentinel written to its first status saying so on Kafka. */
    static List<Long> detection(List<String> needing, Map<String, SimulatedNode> nodes, EventLog log) {
        Map<String, Long> detection = new LinkedHashMap<>();
        for (String name : needing) {
            long written = nodes.get(name).host().sentinelWrittenAtMs();
            log.about(name, e -> e.value() instanceof NodeStatus s && s.getRebootRequired())
                    .stream().mapToLong(EventLog.Entry::timestampMs).min()
                    .ifPresent(seen -> detection.put(name, Math.max(0, seen - written)));
        }
        return List.copyOf(detection.values());
    }

    /** Drain commands after the first wave: each waited for the latest completion before it. */
    static List<Long> handoffs(EventLog log, int allowed) {
        List<Long> drains = log.matching(e -> e.value() instanceof DrainCommand).stream()
                .map(EventLog.Entry::timestampMs).sorted().toList();
        List<Long> completions = log.matching(e -> e.value() instanceof NodeProgress p
                && (p.getPhase() == ProgressPhase.COMPLETED || p.getPhase() == ProgressPhase.DRAIN_FAILED))
                .stream().map(EventLog.Entry::timestampMs).sorted().toList();
        List<Long> result = new ArrayList<>();
        for (long drain : drains.subList(Math.min(allowed, drains.size()), drains.size())) {
            completions.stream().filter(c -> c <= drain).reduce((a, b) -> b).ifPresent(c -> result.add(drain - c));
        }
        return result;
    }

    /** The first Drain command after the leader was killed, that long after; null when none came. */
    static Long nextGrantAfter(EventLog log, long killedAtMs) {
        return log.matching(e -> e.value() instanceof DrainCommand && e.timestampMs() > killedAtMs)
                .stream().mapToLong(e -> e.timestampMs() - killedAtMs).min().stream().boxed().findFirst()
                .orElse(null);
    }

    /** The node's line in the final table: its grant-to-drained, reboot and total durations. */
    static RunResult.NodeRow row(String name, boolean needed, int reboots, EventLog log) {
        Map<ProgressPhase, Long> at = new HashMap<>();
        log.about(name, e -> e.value() instanceof NodeProgress).forEach(e ->
                at.putIfAbsent(((NodeProgress) e.value()).getPhase(), e.timestampMs()));
        long granted = log.about(name, e -> e.value() instanceof DrainCommand).stream()
                .mapToLong(EventLog.Entry::timestampMs).min().orElse(0);
        return new RunResult.NodeRow(name, needed, reboots,
                span(granted, at.get(ProgressPhase.DRAINED)),
                span(at.get(ProgressPhase.REBOOTING), at.get(ProgressPhase.COMPLETED)),
                span(granted, at.get(ProgressPhase.COMPLETED)),
                at.containsKey(ProgressPhase.COMPLETED) ? "completed" : needed ? "NOT COMPLETED" : "-");
    }

    private static Long span(Long from, Long to) {
        return from == null || to == null || from == 0 ? null : to - from;
    }
}
