package dev.kreboot.coordinator.config;

import dev.kreboot.coordinator.app.AdapterFactory;
import dev.kreboot.coordinator.app.Blocker;
import dev.kreboot.coordinator.app.HealthCheck;
import dev.kreboot.coordinator.app.CoordinatorPorts;
import dev.kreboot.coordinator.domain.AlertFilter;
import dev.kreboot.coordinator.http.PrometheusAlertBlocker;
import dev.kreboot.coordinator.http.PrometheusClient;
import dev.kreboot.coordinator.http.PrometheusHealthCheck;
import dev.kreboot.coordinator.kubernetes.KubernetesNodeSource;
import dev.kreboot.coordinator.kubernetes.PodSelectorBlocker;
import dev.kreboot.coordinator.policy.PolicySpecMapping;
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

    /**
     * Builds a RebootPolicy's {@code spec.blockers} and {@code spec.healthGate} into adapters, the
     * same classes {@link #create} picks from the settings; the Node source stays the
     * environment's. {@code kubernetes} is called only for pod selectors.
     */
    public static AdapterFactory fromResource(MeterRegistry metrics, Supplier<KubernetesClient> kubernetes) {
        return new AdapterFactory() {
            @Override
            public List<Blocker> blockers(PolicySpecMapping.Blockers spec) {
                List<Blocker> blockers = new ArrayList<>();
                PolicySpecMapping.Alerts a = spec.alerts();
                if (a != null) {
                    blockers.add(new PrometheusAlertBlocker(prometheus("spec.blockers.prometheus.url", a.url(),
                            metrics), new AlertFilter(a.filter(), a.matchOnly(), a.firingOnly(), a.nodeLabel())));
                }
                if (!spec.podSelectors().isEmpty()) {
                    KubernetesClient client;
                    try {
                        client = kubernetes.get();
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("spec.blockers.podSelectors: no Kubernetes client to "
                                + "list pods with: " + e.getMessage(), e);
                    }
                    blockers.add(new PodSelectorBlocker(client, spec.podSelectors(), metrics));
                }
                return blockers;
            }

            @Override
            public HealthCheck health(PolicySpecMapping.HealthGate spec) {
                return spec.on() ? new PrometheusHealthCheck(prometheus("spec.healthGate.prometheusUrl",
                        spec.prometheusUrl(), metrics), spec.query()) : null;
            }
        };
    }

    private static PrometheusClient prometheus(String field, String url, MeterRegistry metrics) {
        try {
            return new PrometheusClient(url, PROMETHEUS_TIMEOUT, metrics);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": cannot use '" + url + "': " + e.getMessage(), e);
        }
    }
}
