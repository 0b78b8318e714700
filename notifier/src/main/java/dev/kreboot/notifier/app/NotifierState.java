package dev.kreboot.notifier.app;

import java.util.Optional;

/**
 * Port: the notifier's small durable memory, string keys to string values. It holds which routes
 * settled which events ({@code settled/<route>/<eventId>}), the open Grafana region of a reboot
 * ({@code grafana/<route>/<rebootId>}) and the Slack thread of a reboot ({@code thread/<route>/<rebootId>}),
 * so a restarted notifier neither sends twice nor leaves a region open. {@link InMemoryNotifierState}
 * forgets on restart; the Kafka adapter keeps it on a compacted topic.
 */
public interface NotifierState {

    Optional<String> get(String key);

    /** Remembers at once for this process; a durable implementation also persists before returning. */
    void put(String key, String value);

    void remove(String key);

    static String settledKey(String route, String eventId) {
        return "settled/" + route + "/" + eventId;
    }
}
