package dev.kreboot.notifier.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link NotifierState} in a bounded map (the oldest keys fall out beyond the capacity): enough to
 * keep a redelivered event from reaching a route twice within one process, which is all the sandbox
 * and tests need. Nothing survives a restart.
 */
public final class InMemoryNotifierState implements NotifierState {
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Map<String, String> values;

    public InMemoryNotifierState() {
        this(DEFAULT_CAPACITY);
    }

    public InMemoryNotifierState(int capacity) {
        this.values = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized void put(String key, String value) {
        values.put(key, value);
    }

    @Override
    public synchronized void remove(String key) {
        values.remove(key);
    }
}
