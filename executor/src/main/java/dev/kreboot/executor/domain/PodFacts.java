package dev.kreboot.executor.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod as the drain sees it.
 *
 * @param ownerKinds  kinds of the pod's owner references (for example {@code ReplicaSet}, {@code DaemonSet})
 * @param mirror      a static pod's mirror (annotation {@code kubernetes.io/config.mirror}); the API cannot evict it
 * @param terminating the pod has a deletion timestamp: it is going, do not evict it again
 * @param labels      the pod's labels, for the drain pod selector
 * @param emptyDir    the pod mounts an emptyDir volume, whose data an eviction deletes
 * @param deletedAt   the pod's deletion timestamp, or null
 */
public record PodFacts(String namespace, String name, String uid, String nodeName, String phase,
                       List<String> ownerKinds, boolean mirror, boolean terminating, Map<String, String> labels,
                       boolean emptyDir, Instant deletedAt) {
    public PodFacts {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        ownerKinds = List.copyOf(ownerKinds);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public PodFacts(String namespace, String name, String uid, String nodeName, String phase, List<String> ownerKinds,
                    boolean mirror, boolean terminating) {
        this(namespace, name, uid, nodeName, phase, ownerKinds, mirror, terminating, Map.of(), false, null);
    }

    /** {@code namespace/name}, the form used in progress events and logs. */
    public String ref() {
        return namespace + "/" + name;
    }

    /** Identity across re-creation: a pod recreated under the same name is a new pod. */
    public String identity() {
        return uid == null ? ref() : ref() + "@" + uid;
    }

    /** No owner reference: nothing recreates the pod once it is evicted. */
    public boolean withoutController() {
        return ownerKinds.isEmpty();
    }
}
