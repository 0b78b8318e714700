package dev.kreboot.sensor.http;

import dev.kreboot.sensor.app.NodeSensor;
import dev.kreboot.sensor.domain.StatusReport;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * DOWN while the host cannot be read (the published status carries the same error), so a broken
 * mount or a failing sentinel command shows in {@code /health} and {@code /health/readiness}.
 * It is a readiness indicator only: restarting the pod cannot fix the host, and a liveness failure
 * would turn a host problem into a crash loop. The sensor keeps retrying on every resync either way.
 */
@Singleton
@Readiness
public class SensorHealthIndicator implements HealthIndicator {
    static final String NAME = "kreboot-sensor";

    private final NodeSensor sensor;

    public SensorHealthIndicator(NodeSensor sensor) {
        this.sensor = sensor;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        StatusReport report = sensor.lastReport();
        Map<String, Object> details = new LinkedHashMap<>();
        HealthStatus status = HealthStatus.UP;
        if (report == null) {
            status = HealthStatus.UNKNOWN;
        } else {
            details.put("sequence", report.sequence());
            details.put("rebootRequired", report.rebootRequired());
            details.put("lastPublishedSequence", sensor.lastPublishedSequence());
            if (report.probeError() != null) {
                status = HealthStatus.DOWN;
                details.put("probeError", report.probeError());
            }
        }
        return Publishers.just(HealthResult.builder(NAME, status).details(details).build());
    }
}
