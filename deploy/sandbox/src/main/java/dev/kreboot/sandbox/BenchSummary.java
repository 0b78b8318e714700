package dev.kreboot.sandbox;

import java.util.Map;

/** The benchmark's figures as a short markdown page, next to kured's reference. */
final class BenchSummary {
    private BenchSummary() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(SandboxOptions o, Map<String, Object> r) {
        Map<String, Object> latency = (Map<String, Object>) r.get("latencyMs");
        Map<String, Object> detection = (Map<String, Object>) latency.get("detection");
        Map<String, Object> handoff = (Map<String, Object>) latency.get("handoff");
        Map<String, Object> rollout = (Map<String, Object>) r.get("rollout");
        Map<String, Object> coordinator = (Map<String, Object>) r.getOrDefault("coordinatorThroughput", Map.of());
        return String.format("""
                # kreboot benchmark (seed %d)

                %d nodes, %d needing a reboot, budget %s, phases drain %d ms / reboot %d ms / ready %d ms, on %d cores.

                | figure | value |
                |---|---|
                | rebooted | %s of %s, max concurrent %s (budget %s), violations %s |
                | detection (sentinel written -> status on Kafka) | p50 %s ms, p99 %s ms (%s samples) |
                | handoff (node done -> next Drain command) | p50 %s ms, p99 %s ms (%s samples) |
                | rollout | %s ms against an ideal of %s ms (ratio %s) |
                | slot packing (rollout / (slot time / budget)) | %s (slot time %s ms) |
                | coordinator full resync (start, fence, replay) | %s nodes in %s ms (%s events/s) |
                | coordinator live intake (heartbeats) | %s status events applied in %s ms (%s events/s; producer %s ms) |
                | notifications | %s |

                kured's reference (period 1 h): 100 nodes with a 10 min cycle take about 24.8 h against 16.7 h of
                work (ratio 1.49); its first reboot starts 30-90 min after install.
                """, o.seed(), o.nodes(), o.needsReboot(), o.concurrency(), o.drainMs(), o.rebootMs(), o.readyMs(),
                Runtime.getRuntime().availableProcessors(),
                r.get("nodesRebooted"), r.get("nodesRequiringReboot"), r.get("maxConcurrentObserved"),
                r.get("concurrencyLimit"), r.get("invariantViolations"),
                detection.get("p50"), detection.get("p99"), detection.get("samples"),
                handoff.get("p50"), handoff.get("p99"), handoff.get("samples"),
                rollout.get("durationMs"), rollout.get("idealMs"), rollout.get("ratio"),
                rollout.get("packingRatio"), rollout.get("slotTimeMs"),
                coordinator.get("statusEvents"), coordinator.get("fullResyncMs"), coordinator.get("statusEventsPerSecond"),
                coordinator.get("liveStatusEvents"), coordinator.get("liveAppliedInMs"),
                coordinator.get("liveStatusEventsPerSecond"), coordinator.get("liveProducedInMs"),
                r.get("notifications"));
    }
}
