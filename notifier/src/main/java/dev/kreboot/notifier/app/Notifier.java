package dev.kreboot.notifier.app;

import dev.kreboot.notifier.domain.Notification;
import dev.kreboot.notifier.domain.NotificationRenderer;
import dev.kreboot.notifier.domain.RetryPolicy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each event to every route whose filter wants it, at least once, and never lets one route
 * hold up another:
 * <ol>
 *   <li>Render the record into a {@link Notification}; records that are not notifications are
 *       counted and skipped.</li>
 *   <li>Leave out the routes whose filter does not want it, and those that already settled this
 *       event id (accepted it, or refused it for good) according to the {@link NotifierState}: with
 *       a durable state an event handed over again, even after a restart, does not reach a route
 *       twice. The one gap: a crash after the endpoint accepted and before the state recorded it;
 *       then the event is sent again (webhooks get the same {@code Idempotency-Key}).</li>
 *   <li>Queue the event on every remaining route's own worker (one thread per route, so each route
 *       gets events in the order they were handed over, and a route that is down or rate limited
 *       delays only its own queue). The worker attempts; on a retryable failure it waits
 *       ({@code Retry-After} if the endpoint sent one, else exponential backoff with jitter, see
 *       {@link RetryPolicy}) and attempts again, until the route accepts or refuses permanently.
 *       The route's templates shape the text first. A permanent refusal is parked on the
 *       {@link DeadLetterSink} with its reason, counted, and not retried.</li>
 *   <li>The event stays in flight until every route settled. A caller that comes back with the
 *       same event (the consumer gave up waiting and polled it again) joins the running workers
 *       instead of starting over, so a route that already accepted is not asked again and a route
 *       in backoff keeps its schedule.</li>
 * </ol>
 * Each attempt is bounded by its channel (the webhook's timeout); the wait between attempts by
 * the policy. Steps 1, 2 and 4 are this class; step 3 is each route's {@link RouteDelivery}.
 * Thread-safe.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final List<Route> routes;
    private final MeterRegistry metrics;
    private final NotificationRenderer renderer = new NotificationRenderer();
    /** Guarded by itself. */
    private final Map<String, InFlight> inFlight = new HashMap<>();
    /** One single-threaded queue per route, by name: a route sees events in submission order, and a
     *  route that is down or rate limited holds up only its own queue. */
    private final Map<String, RouteDelivery> deliveries = new HashMap<>();
    private final Gauge inFlightGauge;
    private volatile boolean closed;

    public Notifier(List<Route> routes, MeterRegistry metrics, Clock clock) {
        this(routes, metrics, clock, RetryPolicy.defaults(), Sleeper.SYSTEM);
    }

    public Notifier(List<Route> routes, MeterRegistry metrics, Clock clock, RetryPolicy retry, Sleeper sleeper) {
        this(routes, metrics, clock, retry, sleeper, new InMemoryNotifierState(), DeadLetterSink.NONE,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param state what routes settled, kept across restarts when durable
     * @param deadLetters where permanently refused events go
     * @param random uniform numbers in [0, 1) for the backoff's jitter
     */
    public Notifier(List<Route> routes, MeterRegistry metrics, Clock clock, RetryPolicy retry, Sleeper sleeper,
                    NotifierState state, DeadLetterSink deadLetters, DoubleSupplier random) {
        this.routes = List.copyOf(routes);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(random, "random");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(sleeper, "sleeper");
        Set<String> names = new HashSet<>();
        for (Route route : this.routes) {
            if (!names.add(route.name())) {
                throw new IllegalArgumentException("two routes are named " + route.name());
            }
        }
        for (Route route : this.routes) {
            deliveries.put(route.name(), new RouteDelivery(route, metrics, clock, retry, sleeper, state, deadLetters,
                    random));
        }
        this.inFlightGauge = Gauge.builder(NotifierMetrics.IN_FLIGHT, this, Notifier::inFlightCount)
                .description("events not yet accepted by every matching route").register(metrics);
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * Blocks until every matching route accepted the event (or refused it permanently).
     *
     * @throws InterruptedException if the caller is interrupted; the routes keep trying in the
     *         background and a later call with the same event joins them
     * @throws IllegalStateException if the notifier was closed before every route settled
     */
    public void deliver(SpecificRecord event) throws InterruptedException {
        InFlight flight = begin(event);
        if (flight == null) {
            return;
        }
        try {
            flight.done.get();
        } catch (ExecutionException e) {
            throw stopped(flight, e);
        }
    }

    /**
     * Like {@link #deliver(SpecificRecord)} but waits at most {@code atMost}; answers whether every
     * route settled. When it answers false the routes keep trying, and calling again with the same
     * event waits for them rather than sending anew.
     */
    public boolean deliver(SpecificRecord event, Duration atMost) throws InterruptedException {
        InFlight flight = begin(event);
        if (flight == null) {
            return true;
        }
        try {
            flight.done.get(Math.max(0, atMost.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw stopped(flight, e);
        }
    }

    /**
     * Hands the event to the routes' queues and returns at once. The future completes when every
     * matching route settled it (at once if none has anything to do), and fails if the notifier is
     * closed first. Submitting the same event again while it is in flight returns the same future.
     *
     * @throws IllegalStateException if the notifier is closed
     */
    public CompletableFuture<Void> submit(SpecificRecord event) {
        InFlight flight = begin(event);
        return flight == null ? CompletableFuture.completedFuture(null) : flight.done;
    }

    /** Routes that have not settled the event with this id yet, with the last failure of each. */
    public Map<String, String> pending(String eventId) {
        synchronized (inFlight) {
            InFlight flight = inFlight.get(eventId);
            return flight == null ? Map.of() : Map.copyOf(flight.pending);
        }
    }

    private int inFlightCount() {
        synchronized (inFlight) {
            return inFlight.size();
        }
    }

    private InFlight begin(SpecificRecord event) {
        if (closed) {
            throw new IllegalStateException("notifier is closed");
        }
        Optional<Notification> rendered = renderer.render(event);
        if (rendered.isEmpty()) {
            metrics.counter(NotifierMetrics.IGNORED, "record", event.getClass().getSimpleName()).increment();
            LOG.debug("{} is not a notification; skipped", event.getClass().getSimpleName());
            return null;
        }
        Notification n = rendered.get();
        synchronized (inFlight) {
            InFlight running = inFlight.get(n.eventId());
            if (running != null) {
                return running;
            }
            List<Route> targets = routes.stream()
                    .filter(route -> route.filter().matches(n))
                    .filter(route -> !deliveries.get(route.name()).alreadySettled(n))
                    .toList();
            if (targets.isEmpty()) {
                return null;
            }
            InFlight flight = new InFlight(n, event);
            // Registered before any worker runs, so the removal on completion always comes after.
            inFlight.put(n.eventId(), flight);
            List<CompletableFuture<Void>> perRoute = new ArrayList<>();
            try {
                for (Route route : targets) {
                    flight.pending.put(route.name(), "not attempted yet");
                    perRoute.add(deliveries.get(route.name()).launch(flight));
                }
            } catch (RejectedExecutionException e) {
                inFlight.remove(n.eventId());
                throw new IllegalStateException("notifier is closed", e);
            }
            flight.done = CompletableFuture.allOf(perRoute.toArray(CompletableFuture[]::new));
            flight.done.whenComplete((ignored, error) -> {
                synchronized (inFlight) {
                    inFlight.remove(n.eventId(), flight);
                }
            });
            return flight;
        }
    }

    private IllegalStateException stopped(InFlight flight, ExecutionException e) {
        Set<String> pending = new LinkedHashSet<>(flight.pending.keySet());
        return new IllegalStateException("delivery of " + flight.notification.type() + " "
                + flight.notification.eventId() + " stopped before routes " + pending + " accepted it"
                + (closed ? ": notifier closed" : ""), e.getCause());
    }

    /** Stops the route workers; events not yet settled stay uncommitted and are delivered after a restart. */
    @Override
    public void close() {
        closed = true;
        // A notifier started after this one (a restart in the same JVM) registers its own gauge.
        metrics.remove(inFlightGauge);
        deliveries.values().forEach(RouteDelivery::shutdownNow);
        // Queued attempts that never ran would leave their callers waiting forever.
        synchronized (inFlight) {
            for (InFlight flight : List.copyOf(inFlight.values())) {
                if (flight.done != null) {
                    flight.done.completeExceptionally(new IllegalStateException("notifier closed"));
                }
            }
        }
        try {
            for (Map.Entry<String, RouteDelivery> worker : deliveries.entrySet()) {
                if (!worker.getValue().awaitTermination(Duration.ofSeconds(5))) {
                    LOG.warn("route {}: worker still running after 5 s", worker.getKey());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
