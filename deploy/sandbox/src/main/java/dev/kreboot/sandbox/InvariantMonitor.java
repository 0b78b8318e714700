package dev.kreboot.sandbox;

import dev.kreboot.schemas.Keys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches the cluster side, not the coordinator's own count: a node is out when kreboot has
 * cordoned it, marked a reboot in progress on it, or it is NotReady. After every change it counts
 * the nodes out at that instant; more than the budget is a violation.
 */
final class InvariantMonitor implements AutoCloseable {
    /** The budget in force now: fixed for most scenarios, raised by policy-change as generations come into force. */
    private final java.util.function.IntSupplier allowed;
    private final long startedAt;
    private final Map<String, Boolean> out = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Node> informer;
    private volatile int maxConcurrent;

    InvariantMonitor(KubernetesClient client, java.util.function.IntSupplier allowed, long startedAt) {
        this.allowed = allowed;
        this.startedAt = startedAt;
        this.informer = client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                observe(node);
            }

            @Override
            public void onUpdate(Node oldNode, Node node) {
                observe(node);
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                out.remove(node.getMetadata().getName());
            }
        }, 0);
    }

    private synchronized void observe(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? Map.of()
                : node.getMetadata().getAnnotations();
        boolean kreboot = annotations.containsKey(Keys.CORDONED_BY_KREBOOT)
                || annotations.containsKey(Keys.REBOOT_IN_PROGRESS);
        out.put(node.getMetadata().getName(), kreboot || !SimulatedCluster.ready(node));
        int now = (int) out.values().stream().filter(Boolean::booleanValue).count();
        if (now > maxConcurrent) {
            maxConcurrent = now;
        }
        int budget = allowed.getAsInt();
        if (now > budget) {
            violations.add(String.format("budget exceeded at +%d ms: %d nodes out (%s), budget %d",
                    System.currentTimeMillis() - startedAt, now, outNodes(), budget));
        }
    }

    private List<String> outNodes() {
        return out.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        informer.close();
    }
}
