package dev.kreboot.coordinator.kubernetes;

import dev.kreboot.coordinator.app.CoordinatorMetrics;
import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.app.NodesView;
import dev.kreboot.coordinator.app.PolicyStatus;
import dev.kreboot.schemas.kafka.LoopThreads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the RebootPolicy's status: only on the leader, at most once per {@code period}, only when
 * it changed, and only through the status subresource ({@code PUT .../status}, which the API
 * server applies to {@code status} alone, so a spec edit racing it is never overwritten; a 409
 * from a concurrent edit is retried on the next period against the newer object).
 *
 * <p>Rate limit, not a timer race: the writer runs once per period on its own thread and skips
 * the write when the status it would write equals the last one it wrote; a 1,000-node rollout
 * therefore costs the API server at most one small write per period, however many nodes move.
 * The status lists at most {@code maxNodes} nodes (see {@link PolicyStatus}), so its size stays
 * bounded however large the cluster.
 */
public final class RebootPolicyStatusWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RebootPolicyStatusWriter.class);
    /** How many nodes the status lists unless configured ({@code kreboot.policy.status-max-nodes}). */
    public static final int DEFAULT_MAX_NODES = 1_000;
    private final KubernetesClient client;
    private final RebootPolicyWatch watch;
    private final CoordinatorRuntime runtime;
    private final String identity;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Duration period;
    private final int maxNodes;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rebootpolicy-status");
        t.setDaemon(true);
        return t;
    });
    private Map<String, Object> lastWritten;

    public RebootPolicyStatusWriter(KubernetesClient client, RebootPolicyWatch watch, CoordinatorRuntime runtime,
                                    String identity, MeterRegistry metrics, Clock clock, Duration period,
                                    int maxNodes) {
        this.client = client;
        this.watch = watch;
        this.runtime = runtime;
        this.identity = identity;
        this.metrics = metrics;
        this.clock = clock;
        this.period = period;
        this.maxNodes = maxNodes;
    }

    public RebootPolicyStatusWriter start() {
        timer.scheduleWithFixedDelay(this::writeOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round; public for tests that drive the writer themselves. Returns true when it wrote. */
    public synchronized boolean writeOnce() {
        try {
            if (!runtime.leading()) {
                lastWritten = null; // a new term starts from what is on the server
                return false;
            }
            GenericKubernetesResource current = watch.current();
            if (current == null) {
                return false;
            }
            Map<String, Object> status = PolicyStatus.build(NodesView.of(runtime), runtime.budgets(),
                    runtime.policies().state(), watch.observedGeneration(), identity, conditions(current),
                    clock.instant(), maxNodes);
            if (status.equals(lastWritten)) {
                return false;
            }
            write(current, status);
            lastWritten = status;
            return true;
        } catch (KubernetesClientException e) {
            LOG.warn("could not write the status of RebootPolicy {} ({}), retrying in {}", watch.name(),
                    e.getCode() == 409 ? "changed meanwhile" : e.getMessage(), period);
            return false;
        } catch (RuntimeException e) {
            LOG.warn("could not build or write the status of RebootPolicy {}: {}", watch.name(), e.toString());
            return false;
        }
    }

    private void write(GenericKubernetesResource current, Map<String, Object> status) {
        GenericKubernetesResource next = new GenericKubernetesResourceBuilder(current).build();
        Map<String, Object> props = new HashMap<>(current.getAdditionalProperties());
        props.put("status", status);
        next.setAdditionalProperties(props);
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            RebootPolicyWatch.resources(client).resource(next).updateStatus();
            outcome = "ok";
        } finally {
            sample.stop(metrics.timer(CoordinatorMetrics.KUBERNETES_CALL, "call", "update-rebootpolicy-status",
                    "outcome", outcome));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(GenericKubernetesResource current) {
        Object status = current.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> s && s.get("conditions") instanceof List<?> l) {
            return l.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c).toList();
        }
        return List.of();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (!LoopThreads.awaitEnd(timer, 5_000)) {
            LOG.warn("the RebootPolicy status writer did not stop within 5 s");
        }
    }
}
