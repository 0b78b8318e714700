package dev.kreboot.executor.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs at most one {@link Activity} at a time on the {@link ExecutorWorker}, stepping it on a
 * timer until it finishes. Starting one replaces (cancels) the running one: the newest command
 * always wins. A step that throws (say, the API server is unreachable) is retried after the poll
 * interval; steps are repeatable. Touched by the worker thread only.
 */
final class ActivityRunner {
    /** The executor's own logger: its log lines keep the name operators filter on. */
    private static final Logger LOG = LoggerFactory.getLogger(NodeExecutor.class);

    private final String node;
    private final ExecutorWorker worker;
    private final Duration retryAfter;
    private final Runnable afterStep;
    private Activity activity;
    private ScheduledFuture<?> nextStep;

    /**
     * @param retryAfter how long after a failed step to try it again (the poll interval)
     * @param afterStep  runs after every step, on the worker (the executor retries its outbox there)
     */
    ActivityRunner(String node, ExecutorWorker worker, Duration retryAfter, Runnable afterStep) {
        this.node = node;
        this.worker = worker;
        this.retryAfter = retryAfter;
        this.afterStep = afterStep;
    }

    /** The running activity, null when none runs. */
    Activity current() {
        return activity;
    }

    /** Cancels the running activity's next step, if any, and takes its first step of {@code next} now. */
    void start(Activity next) {
        if (nextStep != null) {
            nextStep.cancel(false);
            nextStep = null;
        }
        if (activity != null) {
            LOG.info("{}: {} replaces {} of {}", node, next.command(), activity.kind(), activity.command());
        }
        LOG.info("{}: {} for {}", node, next.kind(), next.command());
        activity = next;
        step(next);
    }

    private void step(Activity current) {
        if (activity != current) {
            return;
        }
        Optional<Duration> again;
        try {
            again = current.step();
        } catch (Exception e) {
            LOG.warn("{}: {} step failed, retrying in {}: {}", node, current.kind(), retryAfter, e.toString());
            again = Optional.of(retryAfter);
        }
        if (again.isPresent()) {
            nextStep = worker.later(() -> step(current), again.get());
        } else {
            activity = null;
            nextStep = null;
        }
        afterStep.run();
    }
}
