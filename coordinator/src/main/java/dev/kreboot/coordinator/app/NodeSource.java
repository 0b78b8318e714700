package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Input;
import java.util.List;

/**
 * A port listing every Node the Kubernetes API knows (labels, Ready, unschedulable). The runtime
 * turns a node that disappears from the list into a deletion. Throws when the API cannot be
 * read: the previous facts stay.
 */
public interface NodeSource {
    List<Input.NodeObserved> observe();
}
