package dev.kreboot.executor.app;

import dev.kreboot.schemas.MetricNames;
import dev.kreboot.schemas.NodeProgress;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress events waiting to be published, in order. An event leaves only once the sink stored it,
 * so a broker outage delays progress but loses none of it while the process lives; steps that must
 * be announced before they happen (the reboot) wait until the outbox is empty. Used by the
 * executor's worker thread only.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final ProgressSink sink;
    private final MeterRegistry metrics;
    private final Deque<NodeProgress> pending = new ArrayDeque<>();
    private final Consumer<NodeProgress> listener;

    Outbox(ProgressSink sink, MeterRegistry metrics) {
        this(sink, metrics, progress -> { });
    }

    /** @param listener told of every event once, when it is queued (Kubernetes Events, failure metrics) */
    Outbox(ProgressSink sink, MeterRegistry metrics, Consumer<NodeProgress> listener) {
        this.sink = sink;
        this.metrics = metrics;
        this.listener = listener;
    }

    /** Queues the event and tries to publish everything queued; false when something is still pending. */
    boolean emit(NodeProgress progress) {
        LOG.info("{} {} reboot {} command #{}{}{}", progress.getHeader().getNode(), progress.getPhase(),
                progress.getHeader().getRebootId(), progress.getCommandSeq(),
                progress.getPodsLeft() == null ? "" : " podsLeft=" + progress.getPodsLeft(),
                progress.getReasons().isEmpty() ? "" : " reasons=" + progress.getReasons());
        pending.addLast(progress);
        listener.accept(progress);
        return flush();
    }

    boolean flush() {
        while (!pending.isEmpty()) {
            NodeProgress next = pending.peekFirst();
            try {
                sink.publish(next);
            } catch (RuntimeException e) {
                metrics.counter(ExecutorMetrics.PROGRESS_PUBLISH_FAILURES, "phase", next.getPhase().name()).increment();
                LOG.warn("cannot publish {} for {} yet ({} pending): {}", next.getPhase(), next.getHeader().getNode(),
                        pending.size(), e.toString());
                return false;
            }
            pending.removeFirst();
            metrics.counter(MetricNames.EXECUTOR_PROGRESS, "phase", next.getPhase().name()).increment();
        }
        return true;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }
}
