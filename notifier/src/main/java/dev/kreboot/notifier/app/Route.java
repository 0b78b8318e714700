package dev.kreboot.notifier.app;

import dev.kreboot.notifier.domain.EventFilter;
import java.util.Objects;

/**
 * A named destination and the events it wants. The name appears in logs and metric tags, so it must
 * not be the URL (URLs of webhooks carry their tokens).
 */
public record Route(String name, Channel channel, EventFilter filter) {
    public Route {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("route name must not be blank");
        }
        Objects.requireNonNull(channel, "channel");
        filter = filter == null ? EventFilter.all() : filter;
    }
}
