package dev.kreboot.notifier.app;

import dev.kreboot.notifier.domain.Notification;

/**
 * Port: one destination that can be told about an event (a generic webhook today; Slack, Teams,
 * Grafana annotations and shoutrrr URLs are further implementations). {@link #send} makes one
 * attempt, bounded in time, and says how it went; the {@link Notifier} owns retries. It may be
 * called from several threads.
 */
@FunctionalInterface
public interface Channel {

    DeliveryResult send(Notification notification);

    /** The channel's kind for metrics and reports ({@code webhook}, {@code slack}, ...). */
    default String kind() {
        return "custom";
    }
}
