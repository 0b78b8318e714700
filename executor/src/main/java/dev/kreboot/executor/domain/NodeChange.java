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
 * @param setLabels     labels to set (kured's pre- and post-reboot node labels)
 * @param addTaints     keys of {@code PreferNoSchedule} taints to add (an existing one is kept)
 * @param removeTaints  keys of taints to remove, whatever their effect
 */
public record NodeChange(Boolean unschedulable, Map<String, String> setAnnotations, Set<String> removeAnnotations,
                         Map<String, String> setLabels, Set<String> addTaints, Set<String> removeTaints) {
    public NodeChange {
        setAnnotations = Map.copyOf(setAnnotations);
        removeAnnotations = Set.copyOf(removeAnnotations);
        setLabels = Map.copyOf(setLabels);
        addTaints = Set.copyOf(addTaints);
        removeTaints = Set.copyOf(removeTaints);
        if (setAnnotations.keySet().stream().anyMatch(removeAnnotations::contains)) {
            throw new IllegalArgumentException("an annotation cannot be both set and removed: " + setAnnotations.keySet()
                    + " / " + removeAnnotations);
        }
        if (addTaints.stream().anyMatch(removeTaints::contains)) {
            throw new IllegalArgumentException("a taint cannot be both added and removed: " + addTaints);
        }
    }

    public NodeChange(Boolean unschedulable, Map<String, String> setAnnotations, Set<String> removeAnnotations) {
        this(unschedulable, setAnnotations, removeAnnotations, Map.of(), Set.of(), Set.of());
    }

    public static NodeChange none() {
        return new NodeChange(null, Map.of(), Set.of());
    }

    public NodeChange withAnnotation(String key, String value) {
        return new NodeChange(unschedulable, plus(setAnnotations, Map.of(key, value)), minus(removeAnnotations, key),
                setLabels, addTaints, removeTaints);
    }

    public NodeChange withoutAnnotation(String key) {
        return new NodeChange(unschedulable, minus(setAnnotations, key), plus(removeAnnotations, key), setLabels, addTaints,
                removeTaints);
    }

    public NodeChange withUnschedulable(Boolean value) {
        return new NodeChange(value, setAnnotations, removeAnnotations, setLabels, addTaints, removeTaints);
    }

    public NodeChange withLabels(Map<String, String> labels) {
        return new NodeChange(unschedulable, setAnnotations, removeAnnotations, plus(setLabels, labels), addTaints, removeTaints);
    }

    /** Adds a PreferNoSchedule taint; a blank key changes nothing. */
    public NodeChange withPreferNoScheduleTaint(String key) {
        if (key == null || key.isBlank()) {
            return this;
        }
        return new NodeChange(unschedulable, setAnnotations, removeAnnotations, setLabels, plus(addTaints, key),
                minus(removeTaints, key));
    }

    /** Removes a taint; a blank key changes nothing. */
    public NodeChange withoutTaint(String key) {
        if (key == null || key.isBlank()) {
            return this;
        }
        return new NodeChange(unschedulable, setAnnotations, removeAnnotations, setLabels, minus(addTaints, key),
                plus(removeTaints, key));
    }

    public boolean isEmpty() {
        return unschedulable == null && setAnnotations.isEmpty() && removeAnnotations.isEmpty() && setLabels.isEmpty()
                && addTaints.isEmpty() && removeTaints.isEmpty();
    }

    // One change on a mutable copy; the canonical constructor keeps an immutable copy of the result.
    private static Map<String, String> plus(Map<String, String> map, Map<String, String> entries) {
        Map<String, String> copy = new HashMap<>(map);
        copy.putAll(entries);
        return copy;
    }

    private static Map<String, String> minus(Map<String, String> map, String key) {
        Map<String, String> copy = new HashMap<>(map);
        copy.remove(key);
        return copy;
    }

    private static Set<String> plus(Set<String> set, String key) {
        Set<String> copy = new HashSet<>(set);
        copy.add(key);
        return copy;
    }

    private static Set<String> minus(Set<String> set, String key) {
        Set<String> copy = new HashSet<>(set);
        copy.remove(key);
        return copy;
    }
}
