package dev.kreboot.sensor.app;

import dev.kreboot.schemas.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sensor's meters, all tagged with {@code node} so many sensors can share one registry (the
 * sandbox runs one per simulated node in a JVM).
 */
public final class SensorMetrics {
    /** Counter, tag {@code node}: looks at the host that failed (the published status carries the error). */
    public static final String PROBE_ERRORS = "kreboot.sensor.probe.errors";
    /** Counter, tag {@code node}: statuses the sink refused (retried with the next status). */
    public static final String PUBLISH_FAILURES = "kreboot.sensor.publish.failures";

    private final MeterRegistry registry;
    private final String node;
    private final AtomicInteger rebootRequired = new AtomicInteger();
    private final Gauge rebootRequiredGauge;
    private final Counter publishedRequired;
    private final Counter publishedNotRequired;
    private final Counter probeErrors;
    private final Counter publishFailures;

    public SensorMetrics(MeterRegistry registry, String node) {
        this.registry = registry;
        this.node = node;
        this.rebootRequiredGauge = Gauge.builder(MetricNames.KURED_REBOOT_REQUIRED, rebootRequired, AtomicInteger::get)
                .description("1 while the node needs a reboot (kured's metric)")
                .tag("node", node)
                .register(registry);
        this.publishedRequired = publishedCounter(true);
        this.publishedNotRequired = publishedCounter(false);
        this.probeErrors = Counter.builder(PROBE_ERRORS).description("Failed looks at the host")
                .tag("node", node).register(registry);
        this.publishFailures = Counter.builder(PUBLISH_FAILURES).description("Statuses that could not be published")
                .tag("node", node).register(registry);
    }

    void observed(boolean required) {
        rebootRequired.set(required ? 1 : 0);
    }

    void published(boolean required) {
        (required ? publishedRequired : publishedNotRequired).increment();
    }

    void probeFailed() {
        probeErrors.increment();
    }

    void publishFailed() {
        publishFailures.increment();
    }

    /** Removes the node's gauge: it holds this sensor's state, a successor registers its own. */
    void close() {
        registry.remove(rebootRequiredGauge);
    }

    private Counter publishedCounter(boolean required) {
        return Counter.builder(MetricNames.SENSOR_STATUS_PUBLISHED)
                .description("Node statuses published")
                .tag("node", node)
                .tag("required", Boolean.toString(required))
                .register(registry);
    }
}
