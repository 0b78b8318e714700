package dev.kreboot.sensor.app;

import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.kafka.LoopThreads;
import dev.kreboot.sensor.config.SensorSettings;
import dev.kreboot.sensor.domain.HostSnapshot;
import dev.kreboot.sensor.domain.ProbeErrorKind;
import dev.kreboot.sensor.domain.SensorState;
import dev.kreboot.sensor.domain.StatusReport;
import dev.kreboot.sensor.domain.StatusRules;
import dev.kreboot.sensor.host.DirectoryWatchHub;
import dev.kreboot.sensor.host.SentinelProbes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one node's host and publishes its {@link NodeStatus}.
 *
 * <ol>
 *   <li>{@link #start()} subscribes to the directories of the probe's files, then looks at the host
 *       and publishes. Subscribing first means a change during start-up cannot slip between the
 *       look and the watch.</li>
 *   <li>A file event (create, delete, modify of the sentinel, packages, boot id or kernel file)
 *       schedules one look on the sensor's own thread; events that arrive before it runs share it.
 *       Detection therefore takes the watcher's latency (inotify on Linux), not a polling period.</li>
 *   <li>Every {@code period} the sensor re-subscribes any directory that was missing or deleted,
 *       then looks and publishes, whether or not anything changed: the heartbeat, and the safety
 *       net for anything the watch missed.</li>
 *   <li>Every look publishes ({@link #probeNow()}). {@link StatusRules} turns the look into the
 *       next report (sequence, episode, packages); a failed look is published with its error and
 *       {@code rebootRequired = false}, counted by kind and logged once per distinct error.</li>
 *   <li>Publishing happens on a thread of its own ({@link LatestStatusPublisher}): while the broker
 *       is unreachable the looks go on, only the latest status waits, and it is retried with
 *       backoff until the broker takes it. Nothing older is sent after something newer.</li>
 * </ol>
 *
 * <p>Looks are serialised: {@link #probeNow()} may be called from any thread, and statuses leave
 * in sequence order. In command mode the probe has no files to watch, so the resync is the poll.
 */
public final class NodeSensor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSensor.class);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private enum Lifecycle { NEW, RUNNING, CLOSED }

    private final String node;
    private final SentinelProbe probe;
    private final Clock clock;
    private final long periodMillis;
    private final StatusRules rules;
    private final StatusMessages messages;
    private final SensorMetrics metrics;
    private final WatchedDirectories watched;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean lookQueued = new AtomicBoolean();
    private final LatestStatusPublisher publisher;

    private final Object lifecycleLock = new Object();
    private Lifecycle lifecycle = Lifecycle.NEW;

    private final Object probeLock = new Object();
    private SensorState state = SensorState.initial();
    private volatile StatusReport lastReport;
    private Instant lastDetection;

    /**
     * The probe the settings ask for (file mode, or command mode when a sentinel command is set),
     * with metrics kept in a private registry.
     */
    public NodeSensor(SensorSettings settings, StatusSink sink, Clock clock) {
        this(settings, SentinelProbes.of(settings), sink, clock, new SimpleMeterRegistry());
    }

    public NodeSensor(SensorSettings settings, SentinelProbe probe, StatusSink sink, Clock clock,
                      MeterRegistry registry) {
        this(settings, probe, sink, clock, registry, DirectoryWatchHub.shared());
    }

    public NodeSensor(SensorSettings settings, SentinelProbe probe, StatusSink sink, Clock clock,
                      MeterRegistry registry, DirectoryWatchHub hub) {
        this(settings, probe, sink, clock, registry, hub, LatestStatusPublisher.DEFAULT_INITIAL_BACKOFF,
                LatestStatusPublisher.DEFAULT_MAX_BACKOFF);
    }

    /** As above, with the bounds of the backoff between refused publishes. */
    public NodeSensor(SensorSettings settings, SentinelProbe probe, StatusSink sink, Clock clock,
                      MeterRegistry registry, DirectoryWatchHub hub, Duration initialBackoff, Duration maxBackoff) {
        Objects.requireNonNull(settings, "settings");
        this.node = settings.nodeName();
        this.probe = Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.periodMillis = Math.max(1, settings.period().toMillis());
        this.rules = new StatusRules(settings.maxPackages());
        this.messages = new StatusMessages(new Events(settings.cluster(), StatusMessages.SERVICE, settings.instance()),
                node, probe.mode());
        this.metrics = new SensorMetrics(Objects.requireNonNull(registry, "registry"), node);
        this.watched = new WatchedDirectories(node, Objects.requireNonNull(hub, "hub"), probe.watchedFiles(),
                this::onFileEvent);
        this.publisher = new LatestStatusPublisher(node, sink, metrics, initialBackoff, maxBackoff);
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-sensor-" + node);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Watches, looks and publishes once, then keeps watching and resyncing until {@link #close()}. */
    public void start() {
        synchronized (lifecycleLock) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException("node sensor for " + node + " is " + lifecycle);
            }
            lifecycle = Lifecycle.RUNNING;
        }
        LOG.info("node sensor for {} started: {} mode, watching {}, resync every {} ms",
                node, probe.mode(), watched.directories(), periodMillis);
        watched.refresh();
        probeNow();
        executor.scheduleWithFixedDelay(this::resync, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Looks at the host and publishes the result. Thread-safe; does nothing once closed. */
    public void probeNow() {
        synchronized (probeLock) {
            if (closed()) {
                return;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            HostSnapshot snapshot = look();
            StatusRules.Step step = rules.next(state, snapshot, now);
            StatusReport previous = lastReport;
            state = step.state();
            lastReport = step.report();
            metrics.checked(now, lastReport.rebootRequired(), snapshot.errorKind());
            Instant seenAt = lastReport.sentinelSeenAt();
            // A failed look hides the episode without ending it; only a new sighting is a detection.
            if (seenAt != null && !seenAt.equals(lastDetection)) {
                lastDetection = seenAt;
                metrics.detected();
            }
            logChange(previous, lastReport);
            publisher.offer(messages.toMessage(lastReport));
        }
    }

    /** The sequence number of the last status the sink accepted; 0 before the first. */
    public long lastPublishedSequence() {
        return publisher.lastPublishedSequence();
    }

    /** True when every status of this sensor has been published or overtaken by a published one. */
    public boolean published() {
        return publisher.idle();
    }

    /** True while every directory the probe's files live in is watched. */
    public boolean watching() {
        return watched.complete();
    }

    /** The last report published or attempted, null before the first look. Never waits for a look. */
    public StatusReport lastReport() {
        // Not under probeLock: a sentinel command may hold it for its whole timeout.
        return lastReport;
    }

    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (lifecycle == Lifecycle.CLOSED) {
                return;
            }
            lifecycle = Lifecycle.CLOSED;
        }
        watched.close();
        executor.shutdown();
        if (!LoopThreads.awaitEnd(executor, TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS))) {
            executor.shutdownNow();
        }
        // After the looks: the last one may still be on its way out.
        publisher.close();
        metrics.close();
        LOG.info("node sensor for {} stopped", node);
    }

    private HostSnapshot look() {
        HostSnapshot snapshot;
        try {
            snapshot = probe.probe();
        } catch (RuntimeException e) {
            // The port promises not to throw; a bug in a probe must still not stop the sensor.
            snapshot = HostSnapshot.failed(ProbeErrorKind.PROBE_FAILED, "probe failed: " + e, null, null);
            LOG.error("{} probe for {} threw", probe.mode(), node, e);
        }
        return snapshot;
    }

    private void logChange(StatusReport previous, StatusReport next) {
        if (next.probeError() != null) {
            if (previous == null || !next.probeError().equals(previous.probeError())) {
                LOG.warn("cannot read the host of {}: {}; reporting rebootRequired=false until it can",
                        node, next.probeError());
            }
            return;
        }
        if (previous != null && previous.probeError() != null) {
            LOG.info("host of {} readable again", node);
        }
        if (previous != null && !previous.bootId().isEmpty() && !previous.bootId().equals(next.bootId())) {
            LOG.info("{} booted: boot id {} -> {}", node, previous.bootId(), next.bootId());
        }
        boolean wasRequired = previous != null && previous.rebootRequired();
        if (next.rebootRequired() && (!wasRequired || !next.sentinelSeenAt().equals(previous.sentinelSeenAt()))) {
            LOG.info("{} needs a reboot (seen at {}, packages {}{})", node, next.sentinelSeenAt(), next.packages(),
                    next.packagesTruncated() ? " and more" : "");
        } else if (!next.rebootRequired() && wasRequired) {
            LOG.info("{} no longer needs a reboot", node);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{} status #{}: {}", node, next.sequence(),
                    next.sameObservationAs(previous) ? "unchanged" : next);
        }
    }

    private void resync() {
        try {
            watched.refresh();
            probeNow();
        } catch (RuntimeException e) {
            // An escaping exception would cancel the schedule and silently end the heartbeat.
            LOG.error("resync of {} failed", node, e);
        }
    }

    private void onFileEvent() {
        if (closed() || !lookQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                lookQueued.set(false);
                resync();
            });
        } catch (RejectedExecutionException e) {
            lookQueued.set(false);
        }
    }

    private boolean closed() {
        synchronized (lifecycleLock) {
            return lifecycle == Lifecycle.CLOSED;
        }
    }

    /** For tests and logs: the directories this sensor wants to watch. */
    List<Path> watchedDirectories() {
        return watched.directories();
    }
}
