package dev.kreboot.executor.app;

import dev.kreboot.schemas.kafka.LoopThreads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread an executor does everything on, so commands, resumes and activity steps never
 * overlap and the executor's state needs no locks. A task that throws is logged and the thread
 * goes on (one bad step must not stop the node's executor); work handed over after
 * {@link #close()} is dropped with a log line, and delayed tasks do not run after it.
 */
final class ExecutorWorker implements AutoCloseable {
    /** The executor's own logger: its log lines keep the name operators filter on. */
    private static final Logger LOG = LoggerFactory.getLogger(NodeExecutor.class);

    private final String node;
    private final ScheduledThreadPoolExecutor worker;

    ExecutorWorker(String node) {
        this.node = node;
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "executor-" + node);
            thread.setDaemon(true);
            return thread;
        });
        worker.setRemoveOnCancelPolicy(true);
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} on the worker as soon as it is free. */
    void execute(Runnable task) {
        try {
            worker.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.warn("{}: executor closed; dropping work", node);
        }
    }

    /** Runs {@code task} on the worker after {@code delay}; null once closed. */
    ScheduledFuture<?> later(Runnable task, Duration delay) {
        try {
            return worker.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Completes once every task handed over before it has run; exceptionally once closed. */
    CompletableFuture<Void> processed() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            worker.execute(() -> done.complete(null));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        if (!LoopThreads.awaitEnd(worker, 10_000)) {
            LOG.warn("{}: executor worker did not stop within 10 s", node);
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{}: unexpected failure", node, e);
            }
        };
    }
}
