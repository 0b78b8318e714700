package dev.kreboot.notifier.app;

import dev.kreboot.schemas.MetricNames;

/** The notifier's metric names; candidates for {@link MetricNames} once the set settles. */
public final class NotifierMetrics {
    /** Timer, tags {@code route}, {@code kind}, {@code outcome} (delivered, retryable, permanent): every attempt. */
    public static final String DELIVERY = MetricNames.NOTIFIER_DELIVERY;
    /** Counter, tags {@code route}, {@code kind}, {@code type}, {@code outcome} (delivered, rejected): settled events. */
    public static final String NOTIFICATIONS = "kreboot.notifier.notifications";
    /** Counter, tags {@code route}, {@code kind}: attempts that will be retried. */
    public static final String RETRIES = "kreboot.notifier.retries";
    /** Timer, tags {@code route}, {@code kind}: from the event's {@code occurredAt} to the route's acceptance. */
    public static final String LAG = "kreboot.notifier.lag";
    /** Counter, tag {@code record}: consumed records that are not notifications. */
    public static final String IGNORED = "kreboot.notifier.ignored";
    /** Gauge: events not yet accepted by every matching route. */
    public static final String IN_FLIGHT = "kreboot.notifier.in-flight";

    private NotifierMetrics() {
    }
}
