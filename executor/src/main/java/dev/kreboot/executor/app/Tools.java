package dev.kreboot.executor.app;

import dev.kreboot.executor.config.ExecutorSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/** What activities work with; one per executor. */
/**
 * @param rebootIssued told the rebootId once the host was asked to reboot
 * @param resume       queues a reconcile against the current boot id (after the host came back while
 *                     this process lived, as in the sandbox)
 */
record Tools(String node, ExecutorSettings settings, Cluster cluster, Rebooter rebooter, BootIdSource bootIds,
             Reports reports, Outbox outbox, Clock clock, MeterRegistry metrics, Consumer<String> rebootIssued,
             Runnable resume) {

    Instant now() {
        return clock.instant();
    }
}
