package dev.kreboot.sandbox;

import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.NodeProgress;
import java.util.List;

/**
 * Whether every event a subscriber saw reached the notification sink on the channels a run waits
 * for: part of a run's end (a run is not over while notifications are in flight) and of its checks.
 */
final class NotificationCheck {
    private static final List<String> ALL_EVENT_CHANNELS = List.of(WebhookSink.WEBHOOK, WebhookSink.SLACK, WebhookSink.TEAMS);

    private NotificationCheck() {
    }

    /**
     * The channels a run waits for and checks. The bench measures the coordinator, not Slack's
     * pacing (50 ms a message here, 17 events per node): it waits for the unpaced webhook only and
     * reports what the others delivered by then.
     */
    static List<String> awaitedChannels(String scenario) {
        return scenario.equals("bench") ? List.of(WebhookSink.WEBHOOK) : ALL_EVENT_CHANNELS;
    }

    static boolean allNotified(EventLog log, WebhookSink sink, List<String> channels) {
        return notifiable(log).stream().allMatch(id -> channels.stream().allMatch(c -> sink.received(c, id)));
    }

    /** The event ids of every progress report and decision seen so far: each must be notified. */
    static List<String> notifiable(EventLog log) {
        return log.matching(e -> e.value() instanceof NodeProgress || e.value() instanceof Decision).stream()
                .map(e -> e.value() instanceof NodeProgress p ? p.getHeader().getEventId()
                        : ((Decision) e.value()).getHeader().getEventId())
                .toList();
    }
}
