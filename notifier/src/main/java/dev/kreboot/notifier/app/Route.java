package dev.kreboot.notifier.app;

import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.domain.Templates;
import java.util.Objects;

/**
 * A named destination, the events it wants and its message templates. The name appears in logs,
 * metric tags and the durable state's keys, so it must not be the URL (URLs of webhooks carry their
 * tokens) and should stay stable across restarts.
 */
public record Route(String name, Channel channel, EventFilter filter, Templates templates) {
    public Route {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("route name must not be blank");
        }
        if (name.contains("/")) {
            throw new IllegalArgumentException("route name must not contain '/': " + name);
        }
        Objects.requireNonNull(channel, "channel");
        filter = filter == null ? EventFilter.all() : filter;
        templates = templates == null ? Templates.none() : templates;
    }

    public Route(String name, Channel channel, EventFilter filter) {
        this(name, channel, filter, Templates.none());
    }
}
