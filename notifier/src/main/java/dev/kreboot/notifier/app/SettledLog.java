package dev.kreboot.notifier.app;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent event ids one route has settled (accepted or permanently refused), so an event the
 * consumer hands over again (the offset commit failed, or another route held it up) is not sent to
 * this route twice. Bounded: the oldest ids fall out, which only matters for redeliveries far older
 * than any poll batch; receivers deduplicate on the {@code Idempotency-Key} header as well.
 */
final class SettledLog {
    private final Map<String, Boolean> ids;

    SettledLog(int capacity) {
        this.ids = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void add(String eventId) {
        ids.put(eventId, Boolean.TRUE);
    }

    synchronized boolean contains(String eventId) {
        return ids.containsKey(eventId);
    }
}
