package dev.kreboot.coordinator.http;

import dev.kreboot.coordinator.app.HealthCheck;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The health gate's query: healthy when it returns no series; {@code $node} is replaced by the node name. */
public final class PrometheusHealthCheck implements HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusHealthCheck.class);

    private final PrometheusClient prometheus;
    private final String query;

    public PrometheusHealthCheck(PrometheusClient prometheus, String query) {
        this.prometheus = prometheus;
        this.query = query;
    }

    @Override
    public boolean healthy(String node) {
        try {
            return prometheus.query(query.replace("$node", node)).isEmpty();
        } catch (IOException e) {
            LOG.warn("health query for {} failed, counting it as unhealthy: {}", node, e.getMessage());
            return false;
        }
    }

    @Override
    public String describe() {
        return "no series from " + query + " at " + prometheus.describe();
    }
}
