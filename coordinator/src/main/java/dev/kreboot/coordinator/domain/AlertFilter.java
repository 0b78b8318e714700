package dev.kreboot.coordinator.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which Prometheus alerts block reboots, with kured's semantics, plus node scoping.
 *
 * <ol>
 * <li>Without a filter every alert counts. With {@code filter} (found anywhere in the alert name,
 *     as Go's {@code MatchString}), matching alerts are ignored, or with {@code matchOnly} only
 *     matching alerts count.</li>
 * <li>With {@code firingOnly}, alerts whose {@code alertstate} is not {@code firing} (pending)
 *     are ignored.</li>
 * <li>Scoping (beyond kured): with {@code nodeLabel} set, a counting alert carrying that label
 *     blocks only the node it names; alerts without it still block every node. Without
 *     {@code nodeLabel} every counting alert blocks every node, as in kured.</li>
 * </ol>
 *
 * @param filter    kured's {@code --alert-filter-regexp}, or null
 * @param nodeLabel label naming the node an alert is about, or null/empty for none
 */
public record AlertFilter(Pattern filter, boolean matchOnly, boolean firingOnly, String nodeLabel) {

    /** One series of Prometheus' {@code ALERTS} metric: its labels, including alertname and alertstate. */
    public record Alert(Map<String, String> labels) {
        public Alert {
            labels = Map.copyOf(labels);
        }

        public String name() {
            return labels.getOrDefault("alertname", "");
        }
    }

    /** What the alerts mean: names of alerts blocking every node, and per node the names of its own. */
    public record Verdict(List<String> cluster, Map<String, List<String>> nodes) {
    }

    public boolean counts(Alert alert) {
        if (filter != null && filter.matcher(alert.name()).find() != matchOnly) {
            return false;
        }
        return !firingOnly || "firing".equals(alert.labels().get("alertstate"));
    }

    public Verdict evaluate(List<Alert> alerts) {
        TreeSet<String> cluster = new TreeSet<>();
        Map<String, TreeSet<String>> nodes = new java.util.TreeMap<>();
        for (Alert alert : alerts) {
            if (!counts(alert)) {
                continue;
            }
            String node = nodeLabel == null || nodeLabel.isEmpty() ? null : alert.labels().get(nodeLabel);
            if (node == null) {
                cluster.add(alert.name());
            } else {
                nodes.computeIfAbsent(node, n -> new TreeSet<>()).add(alert.name());
            }
        }
        Map<String, List<String>> perNode = new java.util.TreeMap<>();
        nodes.forEach((n, names) -> perNode.put(n, List.copyOf(names)));
        return new Verdict(List.copyOf(cluster), perNode);
    }
}
