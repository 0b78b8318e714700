package dev.kreboot.executor.app;

import dev.kreboot.executor.config.ExecutorSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/** What activities work with; one per executor. */
record Tools(String node, ExecutorSettings settings, Cluster cluster, Rebooter rebooter, Reports reports,
             Outbox outbox, Clock clock, MeterRegistry metrics, Consumer<String> rebootIssued) {

    Instant now() {
        return clock.instant();
    }
}
