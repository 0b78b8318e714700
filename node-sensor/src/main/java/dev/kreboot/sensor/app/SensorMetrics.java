package dev.kreboot.sensor.app;

import dev.kreboot.schemas.MetricNames;
import dev.kreboot.sensor.domain.ProbeErrorKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sensor's meters, all tagged with {@code node} so many sensors can share one registry (the
 * sandbox runs one per simulated node in a JVM). Every counter is registered up front at zero, so a
 * Prometheus {@code rate()} or {@code increase()} works from the first scrape.
 */
public final class SensorMetrics {
    /** Counter, tags {@code node}, {@code result} ({@code required}, {@code not-required}, {@code error}): looks at the host. */
    public static final String CHECKS = "kreboot.sensor.checks";
    /** Counter, tag {@code node}: reboot needs detected (a new {@code sentinelSeenAt} episode). */
    public static final String DETECTIONS = "kreboot.sensor.detections";
    /** Counter, tags {@code node}, {@code kind} ({@link ProbeErrorKind} tags and {@value #KIND_PUBLISH}). */
    public static final String ERRORS = "kreboot.sensor.errors";
    /** Gauge in seconds since the epoch, tag {@code node}: when the host was last looked at. */
    public static final String LAST_CHECK = "kreboot.sensor.last.check.timestamp";
    /** The {@code kind} of a status the sink refused (it is retried, latest first). */
    public static final String KIND_PUBLISH = "publish";

    static final String RESULT_REQUIRED = "required";
    static final String RESULT_NOT_REQUIRED = "not-required";
    static final String RESULT_ERROR = "error";

    private final MeterRegistry registry;
    private final String node;
    private final AtomicInteger rebootRequired = new AtomicInteger();
    private final AtomicLong lastCheckMillis = new AtomicLong();
    private final Gauge rebootRequiredGauge;
    private final Gauge lastCheckGauge;
    private final Counter publishedRequired;
    private final Counter publishedNotRequired;
    private final Map<ProbeErrorKind, Counter> probeErrors = new EnumMap<>(ProbeErrorKind.class);
    private final Counter publishErrors;
    private final Counter checksRequired;
    private final Counter checksNotRequired;
    private final Counter checksFailed;
    private final Counter detections;

    public SensorMetrics(MeterRegistry registry, String node) {
        this.registry = registry;
        this.node = node;
        this.rebootRequiredGauge = Gauge.builder(MetricNames.KURED_REBOOT_REQUIRED, rebootRequired, AtomicInteger::get)
                .description("1 while the node needs a reboot (kured's metric)")
                .tag("node", node)
                .register(registry);
        this.lastCheckGauge = Gauge.builder(LAST_CHECK, lastCheckMillis, millis -> millis.get() / 1000.0)
                .description("When the sensor last looked at the host, in seconds since the epoch")
                .baseUnit("seconds")
                .tag("node", node)
                .register(registry);
        this.publishedRequired = publishedCounter(true);
        this.publishedNotRequired = publishedCounter(false);
        for (ProbeErrorKind kind : ProbeErrorKind.values()) {
            probeErrors.put(kind, errorCounter(kind.tag()));
        }
        this.publishErrors = errorCounter(KIND_PUBLISH);
        this.checksRequired = checkCounter(RESULT_REQUIRED);
        this.checksNotRequired = checkCounter(RESULT_NOT_REQUIRED);
        this.checksFailed = checkCounter(RESULT_ERROR);
        this.detections = Counter.builder(DETECTIONS).description("Reboot needs detected (new sentinel episodes)")
                .tag("node", node).register(registry);
    }

    void checked(Instant at, boolean required, ProbeErrorKind error) {
        lastCheckMillis.set(at.toEpochMilli());
        rebootRequired.set(required ? 1 : 0);
        if (error != null) {
            probeErrors.get(error).increment();
            checksFailed.increment();
        } else {
            (required ? checksRequired : checksNotRequired).increment();
        }
    }

    void detected() {
        detections.increment();
    }

    void published(boolean required) {
        (required ? publishedRequired : publishedNotRequired).increment();
    }

    void publishFailed() {
        publishErrors.increment();
    }

    /** Removes the node's gauges: they hold this sensor's state, a successor registers its own. */
    void close() {
        for (Gauge gauge : List.of(rebootRequiredGauge, lastCheckGauge)) {
            registry.remove(gauge);
        }
    }

    private Counter publishedCounter(boolean required) {
        return Counter.builder(MetricNames.SENSOR_STATUS_PUBLISHED)
                .description("Node statuses published")
                .tag("node", node)
                .tag("required", Boolean.toString(required))
                .register(registry);
    }

    private Counter errorCounter(String kind) {
        return Counter.builder(ERRORS).description("Sensor errors: failed looks at the host and refused publishes")
                .tag("node", node).tag("kind", kind).register(registry);
    }

    private Counter checkCounter(String result) {
        return Counter.builder(CHECKS).description("Looks at the host, by result")
                .tag("node", node).tag("result", result).register(registry);
    }
}
