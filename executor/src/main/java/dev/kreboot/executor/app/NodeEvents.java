package dev.kreboot.executor.app;

import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors progress onto the Node: a Kubernetes Event for the steps an operator looks for in
 * {@code kubectl describe node} (cordon, drained, drain failure, reboot, completion, failure,
 * refused command), and a failure counter per reason code. The event reason is {@code Kreboot}
 * plus the phase in CamelCase; the message carries the same reason codes and texts as the progress
 * event. Recording is best effort: a failure is logged and never holds the reboot up.
 */
final class NodeEvents implements Consumer<NodeProgress> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);

    private final Cluster cluster;
    private final String node;
    private final boolean enabled;
    private final MeterRegistry metrics;

    NodeEvents(Cluster cluster, String node, boolean enabled, MeterRegistry metrics) {
        this.cluster = cluster;
        this.node = node;
        this.enabled = enabled;
        this.metrics = metrics;
    }

    @Override
    public void accept(NodeProgress progress) {
        ProgressPhase phase = progress.getPhase();
        boolean failure = phase == ProgressPhase.DRAIN_FAILED || phase == ProgressPhase.FAILED
                || phase == ProgressPhase.COMMAND_REJECTED;
        if (failure) {
            for (Reason reason : progress.getReasons()) {
                metrics.counter(ExecutorMetrics.FAILURES, "phase", phase.name(), "reason", reason.getCode()).increment();
            }
        }
        if (!enabled || !shown(phase)) {
            return;
        }
        boolean forced = progress.getReasons().stream().anyMatch(r -> "FORCED_REBOOT".equals(r.getCode()));
        NodeEvent event = new NodeEvent(failure || forced, reason(phase), message(progress));
        try {
            cluster.record(node, event);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot record the {} event on the node: {}", node, event.reason(), e.toString());
        }
    }

    private static boolean shown(ProgressPhase phase) {
        return switch (phase) {
            case CORDONED, DRAINED, DRAIN_FAILED, REBOOTING, COMPLETED, FAILED, COMMAND_REJECTED -> true;
            default -> false;
        };
    }

    static String reason(ProgressPhase phase) {
        StringBuilder text = new StringBuilder("Kreboot");
        for (String word : phase.name().split("_")) {
            text.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }

    private static String message(NodeProgress progress) {
        StringBuilder text = new StringBuilder("reboot ").append(progress.getHeader().getRebootId())
                .append(": ").append(progress.getPhase().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (progress.getPodsLeft() != null && progress.getPodsLeft() > 0) {
            text.append(", ").append(progress.getPodsLeft()).append(" pod(s) left");
        }
        if (!progress.getReasons().isEmpty()) {
            text.append(": ").append(progress.getReasons().stream()
                    .map(r -> r.getCode() + " (" + r.getMessage() + ")").collect(Collectors.joining("; ")));
        }
        return text.toString();
    }
}
