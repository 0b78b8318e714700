package dev.kreboot.notifier.app;

import dev.kreboot.notifier.domain.Notification;
import dev.kreboot.notifier.domain.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route's worker: the {@link Notifier}'s step 3 for that route. A single thread takes the
 * route's events in the order they were handed over; for each it applies the route's templates,
 * attempts, and on a retryable failure waits ({@code Retry-After}, else the {@link RetryPolicy}'s
 * backoff with jitter) and attempts again until the route accepts or refuses for good. A refusal is
 * parked on the {@link DeadLetterSink}; either outcome is recorded in the {@link NotifierState} so
 * the event does not reach this route twice. Every attempt is timed and counted.
 */
final class RouteDelivery {
    /** The notifier's logger: operators filter delivery lines by it, whichever class writes them. */
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final Route route;
    private final ExecutorService worker;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final NotifierState state;
    private final DeadLetterSink deadLetters;
    private final DoubleSupplier random;

    RouteDelivery(Route route, MeterRegistry metrics, Clock clock, RetryPolicy retry, Sleeper sleeper,
                  NotifierState state, DeadLetterSink deadLetters, DoubleSupplier random) {
        this.route = route;
        this.metrics = metrics;
        this.clock = clock;
        this.retry = retry;
        this.sleeper = sleeper;
        this.state = state;
        this.deadLetters = deadLetters;
        this.random = random;
        this.worker = Executors.newSingleThreadExecutor(daemonThreads(route.name()));
    }

    /** Whether this route settled the event before (this process or, with a durable state, an earlier one). */
    boolean alreadySettled(Notification n) {
        if (state.get(NotifierState.settledKey(route.name(), n.eventId())).isEmpty()) {
            return false;
        }
        metrics.counter(NotifierMetrics.DEDUPLICATED, "route", route.name(), "channel", route.channel().kind())
                .increment();
        return true;
    }

    /**
     * Queues the event on this route; the future completes when the route settled it.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the worker is shut down
     */
    CompletableFuture<Void> launch(InFlight flight) {
        CompletableFuture<Void> settledByRoute = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                settle(flight);
                settledByRoute.complete(null);
            } catch (InterruptedException | RuntimeException e) {
                settledByRoute.completeExceptionally(e);
            }
        });
        return settledByRoute;
    }

    void shutdownNow() {
        worker.shutdownNow();
    }

    boolean awaitTermination(Duration atMost) throws InterruptedException {
        return worker.awaitTermination(atMost.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void settle(InFlight flight) throws InterruptedException {
        Notification n = route.templates().apply(flight.notification);
        String kind = route.channel().kind();
        for (int failures = 0; ; ) {
            DeliveryResult result = attempt(n);
            if (result instanceof DeliveryResult.Delivered) {
                markSettled(n, "delivered");
                flight.pending.remove(route.name());
                count(n, "delivered");
                metrics.counter(NotifierMetrics.SENT, "route", route.name(), "channel", kind).increment();
                Duration lag = Duration.between(n.occurredAt(), clock.instant());
                if (!lag.isNegative()) {
                    metrics.timer(NotifierMetrics.LAG, "route", route.name(), "kind", kind).record(lag);
                }
                LOG.debug("route {}: delivered {} {} for node {}", route.name(), n.type(), n.eventId(), n.node());
                return;
            }
            metrics.counter(NotifierMetrics.FAILED, "route", route.name(), "channel", kind).increment();
            if (result instanceof DeliveryResult.Permanent permanent) {
                LOG.warn("route {}: {} {} for node {} refused for good, parked on the dead-letter topic: {}",
                        route.name(), n.type(), n.eventId(), n.node(), permanent.reason());
                park(flight, n, permanent.reason());
                markSettled(n, "rejected");
                flight.pending.remove(route.name());
                count(n, "rejected");
                metrics.counter(NotifierMetrics.DROPPED, "route", route.name(), "channel", kind).increment();
                return;
            }
            DeliveryResult.Retryable retryable = (DeliveryResult.Retryable) result;
            failures++;
            Duration wait = retry.delay(failures, retryable.retryAfter(), random.getAsDouble());
            flight.pending.put(route.name(), retryable.reason());
            metrics.counter(NotifierMetrics.RETRIES, "route", route.name(), "kind", kind).increment();
            metrics.counter(NotifierMetrics.RETRIED, "route", route.name(), "channel", kind).increment();
            LOG.warn("route {}: {} {} for node {} not delivered (attempt {}): {}; next attempt in {}", route.name(),
                    n.type(), n.eventId(), n.node(), failures, retryable.reason(), wait);
            sleeper.sleep(wait);
        }
    }

    private void markSettled(Notification n, String outcome) {
        try {
            state.put(NotifierState.settledKey(route.name(), n.eventId()), outcome);
        } catch (RuntimeException e) {
            // Delivery happened; failing here would only send it again. This process still remembers.
            metrics.counter(NotifierMetrics.STATE_ERRORS).increment();
            LOG.warn("route {}: could not record {} as settled durably: {}", route.name(), n.eventId(), e.toString());
        }
    }

    /** Parks a refused event; retries only the parking (never the send) until it sticks. */
    private void park(InFlight flight, Notification n, String reason) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                deadLetters.park(route.name(), route.channel().kind(), flight.event, n, reason);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Duration wait = retry.delay(failures, Optional.empty(), random.getAsDouble());
                LOG.warn("route {}: cannot park {} on the dead-letter topic yet: {}; next try in {}", route.name(),
                        n.eventId(), e.toString(), wait);
                sleeper.sleep(wait);
            }
        }
    }

    private DeliveryResult attempt(Notification n) {
        Timer.Sample sample = Timer.start(metrics);
        DeliveryResult result;
        try {
            result = route.channel().send(n);
            if (result == null) {
                result = DeliveryResult.retryable("channel returned no result");
            }
        } catch (RuntimeException e) {
            // A channel bug must not drop the event: it is retried with backoff like any failure.
            result = DeliveryResult.retryable("channel failed: " + e);
        }
        String outcome = result instanceof DeliveryResult.Delivered ? "delivered"
                : result instanceof DeliveryResult.Permanent ? "permanent" : "retryable";
        sample.stop(metrics.timer(NotifierMetrics.DELIVERY, "route", route.name(), "kind", route.channel().kind(),
                "outcome", outcome));
        return result;
    }

    private void count(Notification n, String outcome) {
        metrics.counter(NotifierMetrics.NOTIFICATIONS, "route", route.name(), "kind", route.channel().kind(),
                "type", n.type().toString(), "outcome", outcome).increment();
    }

    private static ThreadFactory daemonThreads(String route) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "notifier-route-" + route + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
