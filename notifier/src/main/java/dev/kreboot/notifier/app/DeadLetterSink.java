package dev.kreboot.notifier.app;

import dev.kreboot.notifier.domain.Notification;
import org.apache.avro.specific.SpecificRecord;

/**
 * Port: where an event goes that a route refused for good (a 4xx other than 408, 425 and 429), with
 * the reason, so an operator can see and replay it. The Kafka adapter writes {@code kreboot.dlq};
 * throwing means "not parked yet" and the notifier tries again (the event is not re-sent).
 */
@FunctionalInterface
public interface DeadLetterSink {
    /** Logs only (the notifier's warning line); for plain wiring without Kafka. */
    DeadLetterSink NONE = (route, kind, event, notification, reason) -> { };

    void park(String route, String kind, SpecificRecord event, Notification notification, String reason)
            throws Exception;
}
