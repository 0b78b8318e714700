package dev.kreboot.schemas;

import java.time.Instant;
import java.util.UUID;

/** Builds the common {@link EventHeader} for a producer; one instance per producing component. */
public final class Events {
    private final String cluster;
    private final String service;
    private final String instance;

    public Events(String cluster, String service, String instance) {
        this.cluster = requireText(cluster, "kreboot.cluster");
        this.service = requireText(service, "service");
        this.instance = requireText(instance, "instance");
    }

    public EventHeader header(String node, String rebootId, Instant occurredAt) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(occurredAt)
                .setCluster(cluster)
                .setNode(node)
                .setRebootId(rebootId)
                .setProducerService(service)
                .setProducerInstance(instance)
                .build();
    }

    public String cluster() {
        return cluster;
    }

    private static String requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank");
        }
        return value;
    }
}
