package dev.kreboot.coordinator.config;

import dev.kreboot.schemas.config.Durations;
import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.kubernetes.RebootPolicyStatusWriter;
import dev.kreboot.coordinator.kubernetes.RebootPolicyWatch;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RebootPolicy binding of one coordinator process: which resource it watches
 * ({@code kreboot.policy.resource}, empty: none, the environment decides alone) and how often the
 * leader may write its status ({@code kreboot.policy.status-period}) and how many nodes the status
 * lists at most ({@code kreboot.policy.status-max-nodes}). The watch starts before the
 * runtime, so the first decision already uses the resource; the status writer after it.
 */
public final class PolicyResource implements AutoCloseable {
    static final String RESOURCE = "kreboot.policy.resource";
    static final String STATUS_PERIOD = "kreboot.policy.status-period";
    static final String STATUS_MAX_NODES = "kreboot.policy.status-max-nodes";
    /** Kubernetes' largest supported cluster; the status also stops at 1 MiB of nodes whatever the setting. */
    static final int MAX_STATUS_NODES = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PolicyResource.class);

    private final String name;
    private final Duration statusPeriod;
    private final int statusMaxNodes;
    private RebootPolicyWatch watch;
    private RebootPolicyStatusWriter writer;

    PolicyResource(String name, Duration statusPeriod, int statusMaxNodes) {
        this.name = name;
        this.statusPeriod = statusPeriod;
        this.statusMaxNodes = statusMaxNodes;
    }

    /** Reads and checks the keys; an error names the key. */
    static PolicyResource from(Function<String, String> property) {
        String name = value(property, RESOURCE, "");
        if (!name.isEmpty() && !name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException(RESOURCE + " must be a Kubernetes object name (lower case letters, "
                    + "digits, '-' and '.'), got '" + name + "'");
        }
        Duration period = Durations.parse(STATUS_PERIOD, value(property, STATUS_PERIOD, "5s"));
        if (period.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(STATUS_PERIOD + " must be at least 1s (it is the rate limit of status "
                    + "writes), not " + period);
        }
        String maxText = value(property, STATUS_MAX_NODES,
                String.valueOf(RebootPolicyStatusWriter.DEFAULT_MAX_NODES));
        int maxNodes;
        try {
            maxNodes = Integer.parseInt(maxText);
        } catch (NumberFormatException e) {
            maxNodes = -1;
        }
        if (maxNodes < 0 || maxNodes > MAX_STATUS_NODES) {
            throw new IllegalArgumentException(STATUS_MAX_NODES + " must be a whole number from 0 to "
                    + MAX_STATUS_NODES + " (Kubernetes' largest supported cluster), got '"
                    + maxText + "'");
        }
        return new PolicyResource(name, period, maxNodes);
    }

    private static String value(Function<String, String> property, String key, String fallback) {
        String v = property.apply(key);
        return v == null ? fallback : v.strip();
    }

    boolean enabled() {
        return !name.isEmpty();
    }

    /** Before {@code runtime.start()}: blocks for the first list (see {@link RebootPolicyWatch#start}). */
    synchronized void watch(CoordinatorRuntime runtime, Supplier<KubernetesClient> client, Clock clock) {
        if (!enabled()) {
            LOG.info("{} is empty: the policy comes from the environment only", RESOURCE);
            return;
        }
        watch = new RebootPolicyWatch(client.get(), name, runtime.policies(), clock).start();
    }

    /** After {@code runtime.start()}: the leader reports into the resource's status. */
    synchronized void report(CoordinatorRuntime runtime, Supplier<KubernetesClient> client, String identity,
                             MeterRegistry metrics, Clock clock) {
        if (watch != null) {
            writer = new RebootPolicyStatusWriter(client.get(), watch, runtime, identity, metrics, clock, statusPeriod,
                    statusMaxNodes).start();
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            writer.close();
        }
        if (watch != null) {
            watch.close();
        }
    }

    @Override
    public String toString() {
        return enabled() ? "RebootPolicy " + name + " (status every " + statusPeriod + ", at most "
                + statusMaxNodes + " nodes listed)" : "no RebootPolicy";
    }
}
