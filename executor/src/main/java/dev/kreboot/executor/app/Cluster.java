package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.EvictionResult;
import dev.kreboot.executor.domain.NodeChange;
import dev.kreboot.executor.domain.NodeFacts;
import dev.kreboot.executor.domain.PodFacts;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The executor's view of the Kubernetes API. Calls throw on transport or server errors; callers retry. */
public interface Cluster {

    Optional<NodeFacts> node(String name);

    /** Applies the change in one patch; an empty change is not sent. */
    void apply(String node, NodeChange change);

    /**
     * Reads the node, derives the change from what it says and applies it in one patch; a write
     * that conflicts (409) reads again and derives the change again, so a decision such as "uncordon
     * only if kreboot cordoned it" is never made on stale facts.
     *
     * @return the facts the applied change was derived from; empty when the node does not exist
     */
    default Optional<NodeFacts> update(String node, Function<NodeFacts, NodeChange> change) {
        Optional<NodeFacts> facts = node(node);
        facts.ifPresent(f -> apply(node, change.apply(f)));
        return facts;
    }

    /** Pods bound to {@code node} (an implementation may return more; the drain filters by node again). */
    List<PodFacts> podsOn(String node);

    /** One eviction request through the eviction API; -1 keeps the pod's own grace period. */
    EvictionResult evict(PodFacts pod, int gracePeriodSeconds);

    /** Records a Kubernetes Event on the Node. Best effort: callers log a failure and go on. */
    default void record(String node, NodeEvent event) {
    }
}
