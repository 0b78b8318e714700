package dev.kreboot.executor.kubernetes;

import dev.kreboot.executor.app.Cluster;
import dev.kreboot.executor.app.ExecutorMetrics;
import dev.kreboot.executor.domain.EvictionResult;
import dev.kreboot.executor.domain.NodeChange;
import dev.kreboot.executor.domain.NodeFacts;
import dev.kreboot.executor.domain.PodFacts;
import dev.kreboot.executor.app.NodeEvent;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Cluster} on fabric8. Node changes go through {@code edit()} (a fresh read, then a JSON
 * patch computed from the difference), never a strategic merge patch. Pods are listed with the
 * {@code spec.nodeName} field selector when enabled and always filtered by node here as well.
 * Failed calls are repeated per {@link ApiRetry} (a node patch also on 409, deriving its change
 * again from the fresh read); a 404 on an eviction means the pod is gone.
 */
public final class KubernetesCluster implements Cluster {
    /** Set by the kubelet on a static pod's mirror; the API cannot evict such a pod. */
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    /** Where the kubelet records Node events; {@code kubectl describe node} finds them there. */
    static final String EVENT_NAMESPACE = "default";
    static final String EVENT_SOURCE = "kreboot-executor";
    private static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCluster.class);

    private final KubernetesClient client;
    private final MeterRegistry metrics;
    private final boolean fieldSelector;
    private final ApiRetry retry;

    /** Without repeats of failed calls ({@link ApiRetry#NONE}). */
    public KubernetesCluster(KubernetesClient client, MeterRegistry metrics, boolean fieldSelector) {
        this(client, metrics, fieldSelector, ApiRetry.NONE);
    }

    public KubernetesCluster(KubernetesClient client, MeterRegistry metrics, boolean fieldSelector, ApiRetry retry) {
        this.client = Objects.requireNonNull(client, "client");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.fieldSelector = fieldSelector;
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    @Override
    public Optional<NodeFacts> node(String name) {
        return retrying("get-node", false,
                () -> timed("get-node", () -> Optional.ofNullable(client.nodes().withName(name).get()).map(KubernetesCluster::facts)));
    }

    @Override
    public void apply(String node, NodeChange change) {
        if (change.isEmpty()) {
            return;
        }
        update(node, facts -> change);
    }

    /**
     * {@code edit()} reads the node and patches the difference; a 409 (or 429, 5xx) repeats both,
     * so the change is derived again from what the node says now.
     */
    @Override
    public Optional<NodeFacts> update(String node, Function<NodeFacts, NodeChange> change) {
        return retrying("patch-node", true, () -> timed("patch-node", () -> {
            AtomicReference<NodeFacts> read = new AtomicReference<>();
            try {
                client.nodes().withName(node).edit(n -> {
                    NodeFacts facts = facts(n);
                    read.set(facts);
                    NodeChange wanted = change.apply(facts);
                    return wanted.isEmpty() ? n : changed(n, wanted);
                });
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404 && read.get() == null) {
                    return Optional.<NodeFacts>empty();
                }
                throw e;
            }
            return Optional.ofNullable(read.get());
        }));
    }

    @Override
    public List<PodFacts> podsOn(String node) {
        PodList pods = retrying("list-pods", false, () -> timed("list-pods", () -> fieldSelector
                ? client.pods().inAnyNamespace().withField("spec.nodeName", node).list()
                : client.pods().inAnyNamespace().list()));
        return pods.getItems().stream()
                .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                .map(KubernetesCluster::facts)
                .toList();
    }

    @Override
    public EvictionResult evict(PodFacts pod, int gracePeriodSeconds) {
        EvictionBuilder eviction = new EvictionBuilder()
                .withNewMetadata().withNamespace(pod.namespace()).withName(pod.name()).endMetadata();
        if (gracePeriodSeconds >= 0) {
            eviction.withDeleteOptions(new DeleteOptionsBuilder().withGracePeriodSeconds((long) gracePeriodSeconds).build());
        }
        Eviction body = eviction.build();
        EvictionResult result;
        try {
            result = retrying("evict", false, () -> evictOnce(pod, body));
        } catch (KubernetesClientException e) {
            result = EvictionResult.failed(e.getCode() + " " + e.getMessage());
        }
        metrics.counter(ExecutorMetrics.EVICTIONS, "outcome", outcome(result)).increment();
        return result;
    }

    /** A 404 means the pod is gone, which is what the eviction was for. */
    private EvictionResult evictOnce(PodFacts pod, Eviction body) {
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            boolean accepted = client.pods().inNamespace(pod.namespace()).withName(pod.name()).evict(body);
            EvictionResult result = accepted ? EvictionResult.evicted()
                    : EvictionResult.blocked("429 Too Many Requests from the eviction API");
            outcome = outcome(result);
            return result;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                outcome = "gone";
                return EvictionResult.gone();
            }
            throw e;
        } finally {
            sample.stop(metrics.timer(ExecutorMetrics.KUBERNETES_CALL, "operation", "evict", "outcome", outcome));
        }
    }

    private static String outcome(EvictionResult result) {
        return switch (result.outcome()) {
            case EVICTED -> "evicted";
            case BLOCKED -> "blocked";
            case GONE -> "gone";
            case FAILED -> "error";
        };
    }

    /**
     * Repeats {@code call} per {@link ApiRetry}, waiting on the calling thread (the executor's worker:
     * nothing else is due while a call it needs cannot be made). The last failure is thrown.
     */
    private <T> T retrying(String operation, boolean freshRead, Supplier<T> call) {
        for (int repeat = 0; ; repeat++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                if (repeat >= retry.retries() || !ApiRetry.retriable(e, freshRead)) {
                    throw e;
                }
                metrics.counter(ExecutorMetrics.KUBERNETES_RETRIES, "operation", operation, "code", Integer.toString(e.getCode()))
                        .increment();
                Duration wait = retry.delay(repeat);
                LOG.info("{} answered {}; trying again in {} ({} of {})", operation, e.getCode(), wait, repeat + 1,
                        retry.retries());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private <T> T timed(String operation, Supplier<T> call) {
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "ok";
            return result;
        } finally {
            sample.stop(metrics.timer(ExecutorMetrics.KUBERNETES_CALL, "operation", operation, "outcome", outcome));
        }
    }

    @Override
    public void record(String node, NodeEvent event) {
        Instant now = Instant.now();
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        Event body = new EventBuilder()
                .withNewMetadata().withNamespace(EVENT_NAMESPACE)
                .withName(node + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano()))
                .endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Node").withName(node).withUid(node).endInvolvedObject()
                .withType(event.warning() ? "Warning" : "Normal")
                .withReason(event.reason())
                .withMessage(event.message())
                .withNewSource().withComponent(EVENT_SOURCE).withHost(node).endSource()
                .withReportingComponent(EVENT_SOURCE)
                .withReportingInstance(node)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
        timed("create-event", () -> client.v1().events().inNamespace(EVENT_NAMESPACE).resource(body).create());
    }

    private static Node changed(Node node, NodeChange change) {
        if (node.getSpec() == null) {
            node.setSpec(new NodeSpec());
        }
        if (change.unschedulable() != null) {
            // Absent rather than false, as kubectl uncordon leaves it.
            node.getSpec().setUnschedulable(change.unschedulable() ? Boolean.TRUE : null);
        }
        Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(node.getMetadata().getAnnotations(), Map.of()));
        annotations.putAll(change.setAnnotations());
        change.removeAnnotations().forEach(annotations::remove);
        node.getMetadata().setAnnotations(annotations);
        if (!change.setLabels().isEmpty()) {
            Map<String, String> labels = new HashMap<>(Objects.requireNonNullElse(node.getMetadata().getLabels(), Map.of()));
            labels.putAll(change.setLabels());
            node.getMetadata().setLabels(labels);
        }
        if (!change.addTaints().isEmpty() || !change.removeTaints().isEmpty()) {
            List<Taint> taints = new ArrayList<>(Objects.requireNonNullElse(node.getSpec().getTaints(), List.of()));
            taints.removeIf(taint -> change.removeTaints().contains(taint.getKey()));
            for (String key : change.addTaints()) {
                if (taints.stream().noneMatch(taint -> key.equals(taint.getKey()) && PREFER_NO_SCHEDULE.equals(taint.getEffect()))) {
                    taints.add(new TaintBuilder().withKey(key).withEffect(PREFER_NO_SCHEDULE).build());
                }
            }
            node.getSpec().setTaints(taints.isEmpty() ? null : taints);
        }
        return node;
    }

    static NodeFacts facts(Node node) {
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        boolean ready = conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return new NodeFacts(node.getMetadata().getName(), unschedulable, ready,
                Objects.requireNonNullElse(node.getMetadata().getAnnotations(), Map.of()));
    }

    static PodFacts facts(Pod pod) {
        var meta = pod.getMetadata();
        List<String> owners = meta.getOwnerReferences() == null ? List.of()
                : meta.getOwnerReferences().stream().map(OwnerReference::getKind).filter(Objects::nonNull).toList();
        boolean mirror = meta.getAnnotations() != null && meta.getAnnotations().containsKey(MIRROR_ANNOTATION);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean emptyDir = pod.getSpec().getVolumes() != null
                && pod.getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir() != null);
        return new PodFacts(meta.getNamespace(), meta.getName(), meta.getUid(), pod.getSpec().getNodeName(), phase,
                owners, mirror, meta.getDeletionTimestamp() != null, meta.getLabels(), emptyDir,
                deletedAt(meta.getDeletionTimestamp()));
    }

    private static Instant deletedAt(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(timestamp).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
