package dev.kreboot.coordinator.http;

import dev.kreboot.coordinator.app.Blocker;
import dev.kreboot.coordinator.domain.AlertFilter;
import dev.kreboot.coordinator.domain.BlockReason;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * kured's Prometheus blocker: reads {@code ALERTS} once per evaluation and applies the
 * {@link AlertFilter}; any error blocks every node (fail closed, as kured does).
 */
public final class PrometheusAlertBlocker implements Blocker {
    private final PrometheusClient prometheus;
    private final AlertFilter filter;

    public PrometheusAlertBlocker(PrometheusClient prometheus, AlertFilter filter) {
        this.prometheus = prometheus;
        this.filter = filter;
    }

    @Override
    public Verdict evaluate(Collection<String> nodes) {
        try {
            List<AlertFilter.Alert> alerts = prometheus.query("ALERTS").stream().map(AlertFilter.Alert::new).toList();
            AlertFilter.Verdict verdict = filter.evaluate(alerts);
            Map<String, List<BlockReason>> perNode = new HashMap<>();
            for (String node : nodes) {
                if (verdict.nodes().containsKey(node)) {
                    perNode.put(node, List.of(BlockReason.ALERTS_ACTIVE));
                }
            }
            return new Verdict(verdict.cluster().isEmpty() ? List.of() : List.of(BlockReason.ALERTS_ACTIVE), perNode,
                    verdict.cluster().isEmpty() && verdict.nodes().isEmpty() ? "" : "alerts " + verdict.cluster()
                            + " " + verdict.nodes());
        } catch (IOException e) {
            return new Verdict(List.of(BlockReason.PROMETHEUS_UNAVAILABLE), Map.of(), e.getMessage());
        }
    }

    @Override
    public String describe() {
        List<String> how = new java.util.ArrayList<>();
        if (filter.filter() != null) {
            how.add((filter.matchOnly() ? "only alerts matching /" : "ignoring alerts matching /")
                    + filter.filter().pattern() + "/");
        }
        if (filter.firingOnly()) {
            how.add("firing only");
        }
        if (filter.nodeLabel() != null && !filter.nodeLabel().isEmpty()) {
            how.add("an alert with label " + filter.nodeLabel() + " blocks only that node");
        }
        return "Prometheus alerts at " + prometheus.describe() + (how.isEmpty() ? "" : " (" + String.join("; ", how)
                + ")");
    }
}
