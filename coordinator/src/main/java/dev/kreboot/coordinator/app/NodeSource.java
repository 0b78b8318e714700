package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Input;
import java.util.List;
import java.util.function.Consumer;

/**
 * A port for the Node facts the Kubernetes API knows (labels, Ready, unschedulable). The runtime
 * turns a node that disappears from {@link #observe()} into a deletion. {@code observe()} throws
 * when the facts cannot be read: the previous facts stay.
 * <p>A source that can push ({@link #watch}) tells each change as it happens, so a node that came
 * back Ready frees its budget slot at once instead of at the next periodic observation; the
 * runtime still calls {@code observe()} every blocker period to reconcile.
 */
public interface NodeSource extends AutoCloseable {
    List<Input.NodeObserved> observe();

    /**
     * Starts telling {@code onChange}, from another thread, the new facts of every Node that was
     * added, changed or deleted. Returns false when this source cannot push (the runtime then
     * relies on {@link #observe()} alone). Called at most once.
     */
    default boolean watch(Consumer<Input.NodeObserved> onChange) {
        return false;
    }

    @Override
    default void close() {
    }
}
