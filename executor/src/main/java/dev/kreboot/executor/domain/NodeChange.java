package dev.kreboot.executor.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One atomic change to the Node object: applied as a single patch, so a crash leaves either the
 * old or the new state, never half of it.
 *
 * @param unschedulable true to cordon, false to uncordon, null to leave as it is
 */
public record NodeChange(Boolean unschedulable, Map<String, String> setAnnotations, Set<String> removeAnnotations) {
    public NodeChange {
        setAnnotations = Map.copyOf(setAnnotations);
        removeAnnotations = Set.copyOf(removeAnnotations);
        if (setAnnotations.keySet().stream().anyMatch(removeAnnotations::contains)) {
            throw new IllegalArgumentException("an annotation cannot be both set and removed: " + setAnnotations.keySet()
                    + " / " + removeAnnotations);
        }
    }

    public static NodeChange none() {
        return new NodeChange(null, Map.of(), Set.of());
    }

    public NodeChange withAnnotation(String key, String value) {
        Map<String, String> set = new HashMap<>(setAnnotations);
        set.put(key, value);
        Set<String> remove = new HashSet<>(removeAnnotations);
        remove.remove(key);
        return new NodeChange(unschedulable, set, remove);
    }

    public NodeChange withoutAnnotation(String key) {
        Map<String, String> set = new HashMap<>(setAnnotations);
        set.remove(key);
        Set<String> remove = new HashSet<>(removeAnnotations);
        remove.add(key);
        return new NodeChange(unschedulable, set, remove);
    }

    public NodeChange withUnschedulable(Boolean value) {
        return new NodeChange(value, setAnnotations, removeAnnotations);
    }

    public boolean isEmpty() {
        return unschedulable == null && setAnnotations.isEmpty() && removeAnnotations.isEmpty();
    }
}
