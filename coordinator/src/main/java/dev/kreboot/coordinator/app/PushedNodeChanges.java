package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Node facts pushed by a watching {@link NodeSource}, held until the runtime thread applies them (the
 * domain is only ever touched there). Only the newest facts per node are kept: a node that flapped
 * twice between polls is one input. Each arrival wakes the poll, so a node back Ready and uncordoned
 * hands its slot on at once instead of at the next periodic observation.
 */
final class PushedNodeChanges {
    private final ConcurrentHashMap<String, Input.NodeObserved> pending = new ConcurrentHashMap<>();
    private final Runnable wake;

    PushedNodeChanges(Runnable wake) {
        this.wake = wake;
    }

    /** From the Node watch's thread: keep the newest facts and end the current poll so they apply now. */
    void offer(Input.NodeObserved facts) {
        pending.put(facts.node(), facts);
        wake.run();
    }

    /**
     * Takes every pending change that differs from the facts the domain knows ({@code known} is asked
     * only when something is pending: it copies the domain's map); a deletion of a node it never knew
     * (or already saw deleted) is dropped, it would only add an empty record.
     */
    List<Input> takeChanged(Supplier<Map<String, Input.NodeObserved>> knownFacts) {
        if (pending.isEmpty()) {
            return List.of();
        }
        Map<String, Input.NodeObserved> known = knownFacts.get();
        List<Input> changed = new ArrayList<>();
        for (String node : List.copyOf(pending.keySet())) {
            Input.NodeObserved facts = pending.remove(node);
            Input.NodeObserved previous = known.get(node);
            boolean unknownDeletion = facts != null && facts.deleted() && (previous == null || previous.deleted());
            if (facts != null && !unknownDeletion && !facts.equals(previous)) {
                changed.add(facts);
            }
        }
        return changed;
    }
}
