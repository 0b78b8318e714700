package dev.kreboot.executor.app;

import java.util.Objects;

/**
 * A Kubernetes Event about the executor's Node, as {@code kubectl describe node} shows it.
 *
 * @param warning a Warning event (failures), else Normal
 * @param reason  CamelCase, stable: the same text for the same kind of step
 */
public record NodeEvent(boolean warning, String reason, String message) {
    public NodeEvent {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
