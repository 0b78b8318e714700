package dev.kreboot.coordinator.kubernetes;

import dev.kreboot.coordinator.app.CoordinatorMetrics;
import dev.kreboot.coordinator.app.NodeSource;
import dev.kreboot.coordinator.domain.Input;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node facts: labels, the Ready condition (anything but True is NotReady) and spec.unschedulable.
 * <p>Without {@link #watch} every {@link #observe()} lists Nodes from the API. With it, a fabric8
 * informer (one list, then a watch that it re-establishes itself) keeps a cache and tells each
 * change; {@code observe()} then answers from the cache while the watch is up and falls back to a
 * list when it is not, so a broken watch never serves stale facts for long.
 */
public final class KubernetesNodeSource implements NodeSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesNodeSource.class);
    private final KubernetesClient client;
    private final MeterRegistry metrics;
    private volatile SharedIndexInformer<Node> informer;

    public KubernetesNodeSource(KubernetesClient client, MeterRegistry metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    @Override
    public List<Input.NodeObserved> observe() {
        SharedIndexInformer<Node> current = informer;
        if (current != null && current.hasSynced() && current.isWatching()) {
            return current.getStore().list().stream().map(KubernetesNodeSource::facts).toList();
        }
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            List<Input.NodeObserved> nodes = client.nodes().list().getItems().stream().map(KubernetesNodeSource::facts)
                    .toList();
            outcome = "ok";
            return nodes;
        } finally {
            sample.stop(metrics.timer(CoordinatorMetrics.KUBERNETES_CALL, "call", "list-nodes", "outcome", outcome));
        }
    }

    @Override
    public synchronized boolean watch(Consumer<Input.NodeObserved> onChange) {
        if (informer != null) {
            throw new IllegalStateException("already watching Nodes");
        }
        try {
            // Blocks for the initial list; afterwards the informer re-lists and re-watches on its own.
            informer = client.nodes().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Node node) {
                    onChange.accept(facts(node));
                }

                @Override
                public void onUpdate(Node previous, Node node) {
                    onChange.accept(facts(node));
                }

                @Override
                public void onDelete(Node node, boolean finalStateUnknown) {
                    Input.NodeObserved last = facts(node);
                    onChange.accept(new Input.NodeObserved(last.node(), last.labels(), false, false, true));
                }
            }, 0);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("could not watch Nodes, listing them every blocker period instead: {}", e.toString());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
    }

    static Input.NodeObserved facts(Node node) {
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        return new Input.NodeObserved(node.getMetadata().getName(), labels, ready, unschedulable, false);
    }
}
