package dev.kreboot.notifier.app;

import dev.kreboot.notifier.domain.Notification;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * An event some route has not settled yet, and why each pending route last failed: shared by the
 * {@link Notifier}, which joins callers to it, and the {@link RouteDelivery} workers that settle it.
 */
final class InFlight {
    final Notification notification;
    final SpecificRecord event;
    final Map<String, String> pending = new ConcurrentHashMap<>();
    CompletableFuture<Void> done;

    InFlight(Notification notification, SpecificRecord event) {
        this.notification = notification;
        this.event = event;
    }
}
