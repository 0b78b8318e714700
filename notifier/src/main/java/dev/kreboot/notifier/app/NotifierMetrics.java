package dev.kreboot.notifier.app;

import dev.kreboot.schemas.MetricNames;

/**
 * The notifier's metric names; candidates for {@link MetricNames} once the set settles. Tags:
 * {@code route} (the route's name) and {@code channel} (its kind: slack, slack-bot, teams, webhook,
 * grafana); older series tag the kind as {@code kind}.
 */
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
    /** Counter, tags {@code route}, {@code channel}: events a route accepted. */
    public static final String SENT = "kreboot.notifier.sent";
    /** Counter, tags {@code route}, {@code channel}: failed attempts, retryable or not. */
    public static final String FAILED = "kreboot.notifier.failed";
    /** Counter, tags {@code route}, {@code channel}: attempts repeated after a retryable failure. */
    public static final String RETRIED = "kreboot.notifier.retried";
    /** Counter, tags {@code route}, {@code channel}: events refused for good and parked on the DLQ. */
    public static final String DROPPED = "kreboot.notifier.dropped";
    /** Counter, tags {@code route}, {@code channel}: redelivered events skipped because the route had settled them. */
    public static final String DEDUPLICATED = "kreboot.notifier.deduplicated";
    /** Counter: writes to the durable state that failed (dedupe then holds for this process only). */
    public static final String STATE_ERRORS = "kreboot.notifier.state-errors";

    private NotifierMetrics() {
    }
}
