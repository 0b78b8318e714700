package dev.kreboot.coordinator.policy;

import dev.kreboot.coordinator.policy.PolicySpecMapping.Alerts;
import dev.kreboot.coordinator.policy.PolicySpecMapping.Blockers;
import dev.kreboot.coordinator.policy.PolicySpecMapping.HealthGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code spec.blockers} and {@code spec.healthGate}, the two safety gates, as adapter
 * descriptions (built outside this pure package). The Prometheus alert blocker takes kured's
 * filters; pod selectors are label selectors, one per list item; the health gate's query runs on
 * its own Prometheus URL or, when it names none, on the alert blocker's.
 */
final class BlockerSpecs {
    static final Set<String> FIELDS = Set.of("prometheus", "podSelectors");
    static final Set<String> PROMETHEUS_FIELDS = Set.of("url", "alertFilterRegexp", "alertFilterMatchOnly",
            "alertFiringOnly", "alertNodeLabel");
    static final Set<String> HEALTH_FIELDS = Set.of("prometheusUrl", "query");

    private BlockerSpecs() {
    }

    static Blockers blockers(SpecObject b) {
        Alerts alerts = b.has("prometheus") ? alerts(b.child("prometheus", PROMETHEUS_FIELDS)) : null;
        List<?> items = b.list("podSelectors");
        List<String> selectors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = b.path("podSelectors") + "[" + i + "]";
            if (!(items.get(i) instanceof String text) || text.isBlank()) {
                throw new InvalidPolicyException(path, "must be a label selector such as app=backup or "
                        + "'job in (etl, report)', got " + items.get(i));
            }
            if (text.contains(";")) {
                throw new InvalidPolicyException(path, "holds ';': give each selector its own list item");
            }
            selectors.add(text.strip());
        }
        return new Blockers(alerts, selectors);
    }

    private static Alerts alerts(SpecObject p) {
        String url = p.url("url");
        if (url.isEmpty()) {
            throw new InvalidPolicyException(p.path("url"), "is required: the Prometheus base URL "
                    + "(http://prometheus.monitoring:9090) whose ALERTS block reboots");
        }
        String regexp = p.text("alertFilterRegexp", "");
        Pattern filter = null;
        if (!regexp.isEmpty()) {
            try {
                filter = Pattern.compile(regexp);
            } catch (PatternSyntaxException e) {
                throw new InvalidPolicyException(p.path("alertFilterRegexp"), "is not a regular expression: "
                        + e.getDescription() + " in '" + regexp + "'", e);
            }
        }
        boolean matchOnly = p.bool("alertFilterMatchOnly");
        String nodeLabel = p.text("alertNodeLabel", "");
        if (!nodeLabel.isEmpty() && !nodeLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new InvalidPolicyException(p.path("alertNodeLabel"), "must be a Prometheus label name "
                    + "([a-zA-Z_][a-zA-Z0-9_]*), got '" + nodeLabel + "'");
        }
        return new Alerts(url, filter, matchOnly, p.bool("alertFiringOnly"), nodeLabel);
    }

    /** The health gate; {@code blockers} (null when the spec has none) lends its Prometheus URL. */
    static HealthGate healthGate(SpecObject h, Blockers blockers) {
        String query = h.text("query", "");
        String url = h.url("prometheusUrl");
        if (query.isEmpty()) {
            if (!url.isEmpty()) {
                throw new InvalidPolicyException(h.path("prometheusUrl"), "only means something with "
                        + h.path("query") + ", which is not set (an empty healthGate switches the gate off)");
            }
            return new HealthGate("", "");
        }
        if (url.isEmpty()) {
            if (blockers == null || blockers.alerts() == null) {
                throw new InvalidPolicyException(h.path("prometheusUrl"), "is required with "
                        + h.path("query") + " (or set spec.blockers.prometheus.url, which it then uses)");
            }
            url = blockers.alerts().url();
        }
        return new HealthGate(url, query);
    }
}
