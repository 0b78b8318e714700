package dev.kreboot.sensor.app;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.kafka.LoopThreads;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one sensor's statuses to the sink on a thread of its own, latest first, so a slow or
 * unreachable broker never holds up the looks at the host.
 *
 * <ol>
 *   <li>{@link #offer} makes a status the pending one, replacing any older status still pending.
 *       Dropping it loses nothing: every status is complete, and the newer one says what is true
 *       now.</li>
 *   <li>The publisher thread takes the pending status and publishes it. Statuses are offered in
 *       sequence order and taken one at a time, so none is ever sent after a newer one.</li>
 *   <li>When the sink refuses, the refusal is counted and logged (once per outage, then briefly);
 *       the refused status becomes pending again unless a newer one has arrived meanwhile, and the
 *       next attempt waits a backoff that doubles from {@code initialBackoff} up to
 *       {@code maxBackoff}. The first success resets it.</li>
 *   <li>{@link #close()} accepts no more statuses and gives the pending one a few seconds to go
 *       out, unless the sink is refusing; after that a publish in progress is interrupted and what
 *       is still pending is dropped (a successor sensor publishes its own).</li>
 * </ol>
 */
final class LatestStatusPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LatestStatusPublisher.class);
    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(15);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final String node;
    private final StatusSink sink;
    private final SensorMetrics metrics;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final ScheduledThreadPoolExecutor executor;

    // Guarded by this.
    private NodeStatus pending;
    private boolean draining;
    private boolean closed;
    private long backoffMillis;
    private boolean failing;
    private long lastPublishedSequence;

    LatestStatusPublisher(String node, StatusSink sink, SensorMetrics metrics, Duration initialBackoff,
                          Duration maxBackoff) {
        this.node = node;
        this.sink = sink;
        this.metrics = metrics;
        this.initialBackoffMillis = Math.max(1, initialBackoff.toMillis());
        this.maxBackoffMillis = Math.max(initialBackoffMillis, maxBackoff.toMillis());
        this.backoffMillis = initialBackoffMillis;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "node-sensor-publish-" + node);
            thread.setDaemon(true);
            return thread;
        });
        // A retry waiting for its backoff must not hold up close().
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Publishes {@code status} as soon as possible, unless a newer status overtakes it. */
    synchronized void offer(NodeStatus status) {
        if (closed) {
            return;
        }
        if (pending != null && pending.getSequence() >= status.getSequence()) {
            return;
        }
        pending = status;
        if (!draining) {
            draining = true;
            submit(0);
        }
    }

    /** The sequence number of the last status the sink accepted, 0 before the first. */
    synchronized long lastPublishedSequence() {
        return lastPublishedSequence;
    }

    /** True when no status waits to be published. */
    synchronized boolean idle() {
        return !draining && pending == null;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
            try {
                long left;
                while ((pending != null || draining) && !failing && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (pending != null) {
                LOG.info("dropping unpublished status #{} of {} at close", pending.getSequence(), node);
            }
            pending = null;
        }
        executor.shutdown();
        if (!LoopThreads.awaitEnd(executor, TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS))) {
            executor.shutdownNow();
        }
    }

    private void drain() {
        while (true) {
            NodeStatus next;
            synchronized (this) {
                next = pending;
                pending = null;
                if (next == null) {
                    draining = false;
                    notifyAll();
                    return;
                }
            }
            try {
                sink.publish(next);
            } catch (RuntimeException e) {
                refused(next, e);
                return;
            }
            accepted(next);
        }
    }

    private void accepted(NodeStatus status) {
        metrics.published(status.getRebootRequired());
        synchronized (this) {
            lastPublishedSequence = status.getSequence();
            backoffMillis = initialBackoffMillis;
            if (failing) {
                LOG.info("publishing statuses of {} works again (status #{})", node, status.getSequence());
                failing = false;
            }
        }
    }

    private void refused(NodeStatus status, RuntimeException e) {
        metrics.publishFailed();
        synchronized (this) {
            if (!failing) {
                LOG.warn("cannot publish status #{} of {}; retrying with backoff, latest status first",
                        status.getSequence(), node, e);
            } else {
                LOG.warn("still cannot publish status #{} of {}: {}", status.getSequence(), node, e.toString());
            }
            failing = true;
            if (closed) {
                draining = false;
                notifyAll();
                return;
            }
            if (pending == null) {
                pending = status;
            }
            long delay = backoffMillis;
            backoffMillis = Math.min(maxBackoffMillis, backoffMillis * 2);
            submit(delay);
        }
    }

    // Called with the lock held.
    private void submit(long delayMillis) {
        try {
            executor.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            draining = false;
        }
    }
}
