package dev.kreboot.coordinator.kubernetes;

import dev.kreboot.coordinator.app.Blocker;
import dev.kreboot.coordinator.app.CoordinatorMetrics;
import dev.kreboot.coordinator.domain.BlockReason;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kured's {@code --blocking-pod-selector}: a node must not reboot while a pod matching any of the
 * selectors (ORed) runs on it. Pods that are Succeeded, Failed or Unknown do not count. A failed
 * API call blocks the node (fail closed).
 */
public final class PodSelectorBlocker implements Blocker {
    private static final Set<String> FINISHED = Set.of("Succeeded", "Failed", "Unknown");

    private final KubernetesClient client;
    private final List<String> selectors;
    private final MeterRegistry metrics;

    public PodSelectorBlocker(KubernetesClient client, List<String> selectors, MeterRegistry metrics) {
        this.client = client;
        this.selectors = List.copyOf(selectors);
        this.metrics = metrics;
    }

    /** Whether a pod in this phase keeps blocking: only pods that may still run. */
    public static boolean blocks(String podPhase) {
        return podPhase == null || !FINISHED.contains(podPhase);
    }

    @Override
    public Verdict evaluate(Collection<String> nodes) {
        Map<String, List<BlockReason>> reasons = new HashMap<>();
        List<String> found = new ArrayList<>();
        for (String node : nodes) {
            for (String selector : selectors) {
                Timer.Sample sample = Timer.start(metrics);
                String outcome = "error";
                try {
                    List<Pod> pods = client.pods().inAnyNamespace().withLabelSelector(selector)
                            .withField("spec.nodeName", node).list().getItems();
                    outcome = "ok";
                    List<String> running = pods.stream()
                            .filter(p -> blocks(p.getStatus() == null ? null : p.getStatus().getPhase()))
                            .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
                    if (!running.isEmpty()) {
                        reasons.put(node, List.of(BlockReason.BLOCKING_PODS));
                        found.add(node + ": " + running);
                        break;
                    }
                } catch (RuntimeException e) {
                    reasons.put(node, List.of(BlockReason.KUBERNETES_UNAVAILABLE));
                    found.add(node + ": " + e.getMessage());
                    break;
                } finally {
                    sample.stop(metrics.timer(CoordinatorMetrics.KUBERNETES_CALL, "call", "list-pods",
                            "outcome", outcome));
                }
            }
        }
        return new Verdict(List.of(), reasons, found.isEmpty() ? "" : "blocking pods " + found);
    }

    @Override
    public String describe() {
        return "running pods matching " + String.join(" or ", selectors.stream().map(sel -> "'" + sel + "'").toList());
    }
}
