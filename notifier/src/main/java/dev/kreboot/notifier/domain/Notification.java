package dev.kreboot.notifier.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event as every channel sees it: the common header, its {@link EventType}, a human line of
 * text, the reasons, and the whole record as a plain tree ({@code event}: maps, lists, strings,
 * numbers, booleans, nulls) for receivers that want every field. Channels only format this; they
 * never look at the Avro record.
 *
 * @param rebootId null before a slot was granted and for cluster-wide events
 */
public record Notification(String eventId, Instant occurredAt, String cluster, String node, String rebootId,
                           EventType type, Severity severity, String text, List<Reason> reasons,
                           Producer producer, Map<String, Object> event) {

    /** A machine code plus the human text (the same strings as in logs, metrics and Kubernetes Events). */
    public record Reason(String code, String message) {
    }

    /** The service and instance that wrote the event. */
    public record Producer(String service, String instance) {
    }

    public Notification {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(text, "text");
        reasons = List.copyOf(reasons);
        // Not Map.copyOf: the tree holds JSON nulls.
        event = Collections.unmodifiableMap(new LinkedHashMap<>(event));
    }

    /** The same event with another human line (a route's template). */
    public Notification withText(String newText) {
        return new Notification(eventId, occurredAt, cluster, node, rebootId, type, severity, newText, reasons,
                producer, event);
    }
}
