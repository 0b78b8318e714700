package dev.kreboot.notifier.domain;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A route's message templates by event type; a type without one keeps kreboot's own line. Keys are
 * event types ({@code progress.CORDONED}) or kured's three names: {@code drain} is the drain start
 * ({@code progress.CORDONED}), {@code reboot} is {@code progress.REBOOTING}, {@code uncordon} is the
 * successful end ({@code progress.COMPLETED}, when kured says "rebooted &amp; uncordoned").
 */
public final class Templates {
    private static final Templates NONE = new Templates(Map.of());
    public static final Map<String, String> KURED_NAMES = Map.of(
            "drain", "progress.CORDONED",
            "reboot", "progress.REBOOTING",
            "uncordon", "progress.COMPLETED");

    private final Map<String, MessageTemplate> byType;

    private Templates(Map<String, MessageTemplate> byType) {
        this.byType = Map.copyOf(byType);
    }

    public static Templates none() {
        return NONE;
    }

    /**
     * @param sources template text by event type or kured name
     * @throws IllegalArgumentException naming the key of an unknown type or a bad template
     */
    public static Templates of(Map<String, String> sources) {
        Map<String, MessageTemplate> byType = new LinkedHashMap<>();
        sources.forEach((key, text) -> {
            String type = KURED_NAMES.getOrDefault(key.toLowerCase(Locale.ROOT), key);
            EventType known = EventType.all().stream().filter(t -> t.toString().equalsIgnoreCase(type)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("template " + key
                            + ": not an event type (nor drain, reboot, uncordon); known types: " + EventType.all()));
            try {
                byType.put(known.toString(), MessageTemplate.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("template " + key + ": " + e.getMessage(), e);
            }
        });
        return new Templates(byType);
    }

    public Optional<MessageTemplate> forType(EventType type) {
        return Optional.ofNullable(byType.get(type.toString()));
    }

    /** The notification with its route's line, or unchanged when the route has no template for its type. */
    public Notification apply(Notification n) {
        return forType(n.type()).map(t -> n.withText(t.render(n))).orElse(n);
    }

    public boolean isEmpty() {
        return byType.isEmpty();
    }

    @Override
    public String toString() {
        return byType.toString();
    }
}
