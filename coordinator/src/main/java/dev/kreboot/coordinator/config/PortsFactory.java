package dev.kreboot.coordinator.config;

import dev.kreboot.coordinator.app.Blocker;
import dev.kreboot.coordinator.app.CoordinatorPorts;
import dev.kreboot.coordinator.domain.AlertFilter;
import dev.kreboot.coordinator.http.PrometheusAlertBlocker;
import dev.kreboot.coordinator.http.PrometheusClient;
import dev.kreboot.coordinator.http.PrometheusHealthCheck;
import dev.kreboot.coordinator.kubernetes.KubernetesNodeSource;
import dev.kreboot.coordinator.kubernetes.PodSelectorBlocker;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Picks the adapters the settings ask for (kured's way: one implementation per port, chosen at start-up). */
public final class PortsFactory {
    static final Duration PROMETHEUS_TIMEOUT = Duration.ofSeconds(10);

    private PortsFactory() {
    }

    /** {@code kubernetes} is called only when a Kubernetes adapter is needed. */
    public static CoordinatorPorts create(CoordinatorSettings settings, MeterRegistry metrics,
                                          Supplier<KubernetesClient> kubernetes) {
        CoordinatorSettings.Blockers b = settings.blockers();
        List<Blocker> blockers = new ArrayList<>();
        PrometheusClient prometheus = b.prometheusUrl().isEmpty() ? null
                : new PrometheusClient(b.prometheusUrl(), PROMETHEUS_TIMEOUT, metrics);
        if (prometheus != null) {
            blockers.add(new PrometheusAlertBlocker(prometheus, new AlertFilter(b.alertFilter(),
                    b.alertFilterMatchOnly(), b.alertFiringOnly(), b.alertNodeLabel())));
        }
        KubernetesClient client = b.needsKubernetes() ? kubernetes.get() : null;
        if (!b.podSelectors().isEmpty()) {
            blockers.add(new PodSelectorBlocker(client, b.podSelectors(), metrics));
        }
        return new CoordinatorPorts(blockers,
                b.healthQuery().isEmpty() ? null : new PrometheusHealthCheck(prometheus, b.healthQuery()),
                b.watchNodes() ? new KubernetesNodeSource(client, metrics) : null);
    }
}
