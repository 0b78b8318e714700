package dev.kreboot.coordinator.kubernetes;

import dev.kreboot.coordinator.app.AnnouncementListener;
import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Output;
import dev.kreboot.schemas.kafka.LoopThreads;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records grants, blocks and stuck nodes as Kubernetes Events on the Node, so {@code kubectl
 * describe node} shows why a node is (not) rebooting. Best effort: Events are written on a thread
 * of their own, and a failure is logged, never retried (Kafka's decisions topic is the record).
 * Events on Nodes live in the {@code default} namespace, as the kubelet's do.
 */
public final class NodeEventRecorder implements AnnouncementListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEventRecorder.class);
    static final String NAMESPACE = "default";
    static final String COMPONENT = "kreboot-coordinator";

    private final KubernetesClient client;
    private final String instance;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "node-events");
        t.setDaemon(true);
        return t;
    });

    public NodeEventRecorder(KubernetesClient client, String instance, Clock clock) {
        this.client = client;
        this.instance = instance;
        this.clock = clock;
    }

    @Override
    public void announced(Output.Announce a) {
        String reason = switch (a.kind()) {
            case SLOT_GRANTED -> "RebootSlotGranted";
            case REBOOT_BLOCKED -> "RebootBlocked";
            case NODE_STUCK -> "RebootStuck";
            default -> null;
        };
        if (reason == null || "*".equals(a.node())) {
            return;
        }
        try {
            writer.execute(() -> record(a, reason));
        } catch (RejectedExecutionException e) {
            LOG.debug("closing: no Event for {} {}", reason, a.node());
        }
    }

    private void record(Output.Announce a, String reason) {
        String now = clock.instant().toString();
        String message = switch (a.kind()) {
            case SLOT_GRANTED -> "reboot slot granted (" + a.slotsInUse() + "/" + a.slotsAllowed() + " in use), reboot "
                    + a.rebootId();
            case NODE_STUCK -> "reboot " + a.rebootId() + " is stuck: the slot stays taken until the node moves on or "
                    + "an operator releases it";
            default -> "reboot waits: " + a.reasons().stream().map(BlockReason::text).collect(Collectors.joining("; "));
        };
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(NAMESPACE)
                .withName(a.node() + "." + UUID.randomUUID().toString().substring(0, 8)).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Node").withName(a.node()).withUid(a.node())
                .endInvolvedObject()
                .withReason(reason).withMessage(message)
                .withType(a.kind() == Output.Kind.SLOT_GRANTED ? "Normal" : "Warning")
                .withNewSource().withComponent(COMPONENT).withHost(instance).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(instance)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(NAMESPACE).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warn("could not record Event {} on Node {}: {}", reason, a.node(), e.toString());
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Event {} on Node {}: {}", reason, a.node(), message.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes what is queued (up to a few seconds), then stops. */
    @Override
    public void close() {
        writer.shutdown();
        LoopThreads.awaitEnd(writer, 5_000);
    }
}
