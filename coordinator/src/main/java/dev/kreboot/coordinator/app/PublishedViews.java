package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.BudgetStatus;
import dev.kreboot.coordinator.domain.Coordinator;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.NodeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the HTTP API and the gauges read, from any thread, while only the runtime thread touches the
 * {@link Coordinator}: immutable snapshots swapped in whole. Nodes and the paused flag follow every
 * decision; explanations and budgets are refreshed once per tick, since explaining costs a grant pass.
 * The snapshots outlive a term: a replica that lost leadership keeps showing its last state.
 */
final class PublishedViews {
    private final AtomicReference<Map<String, NodeRecord>> nodes = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, Explanation>> explanations = new AtomicReference<>(Map.of());
    private final AtomicReference<List<BudgetStatus>> budgets = new AtomicReference<>(List.of());
    private volatile boolean paused;

    Map<String, NodeRecord> nodes() {
        return nodes.get();
    }

    /** The reference itself, for a gauge that reads the newest snapshot. */
    AtomicReference<Map<String, NodeRecord>> nodesReference() {
        return nodes;
    }

    Map<String, Explanation> explanations() {
        return explanations.get();
    }

    List<BudgetStatus> budgets() {
        return budgets.get();
    }

    boolean paused() {
        return paused;
    }

    /** After each decision: publishes the nodes and the paused flag, returns the nodes as they were before. */
    Map<String, NodeRecord> decided(Coordinator coordinator) {
        Map<String, NodeRecord> before = nodes.get();
        nodes.set(coordinator.nodes());
        paused = coordinator.paused();
        return before;
    }

    /** Once per tick: every node's explanation and every budget's use as of {@code now}. */
    void refresh(Coordinator coordinator, Instant now) {
        explanations.set(coordinator.explainAll(now));
        budgets.set(coordinator.budgets(now));
    }
}
