package dev.kreboot.coordinator.config;

import dev.kreboot.coordinator.domain.Budget;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The coordinator's configuration, validated once at start-up; every error names its key.
 *
 * @param cluster           {@code kreboot.cluster} (required): the cluster name stamped on every event
 * @param instance          {@code kreboot.instance}: this replica's name (default: HOSTNAME, else "local")
 * @param topicPrefix       {@code kreboot.topic-prefix} (default empty)
 * @param bootstrapServers  {@code kafka.bootstrap.servers} (required)
 * @param createTopics      {@code kreboot.create-topics} (default true)
 * @param commandPartitions {@code kreboot.command-partitions} (default 12): partitions of the commands topic when created
 * @param budget            {@code kreboot.concurrency} (kured's name, default 1): a count or a percentage such as {@code 20%}
 */
public record CoordinatorSettings(String cluster, String instance, String topicPrefix, String bootstrapServers,
                                  boolean createTopics, int commandPartitions, Budget budget) {

    public static final Map<String, String> DEFAULTS = Map.of(
            "kreboot.topic-prefix", "",
            "kreboot.create-topics", "true",
            "kreboot.command-partitions", "12",
            "kreboot.concurrency", "1");

    public static CoordinatorSettings from(Map<String, String> given) {
        Map<String, String> p = new LinkedHashMap<>(DEFAULTS);
        given.forEach((k, v) -> {
            if (v != null) {
                p.put(k, v);
            }
        });
        return new CoordinatorSettings(
                required(p, "kreboot.cluster"),
                p.getOrDefault("kreboot.instance", System.getenv().getOrDefault("HOSTNAME", "local")),
                p.get("kreboot.topic-prefix"),
                required(p, "kafka.bootstrap.servers"),
                bool(p, "kreboot.create-topics"),
                positiveInt(p, "kreboot.command-partitions"),
                Budget.parse("kreboot.concurrency", p.get("kreboot.concurrency")));
    }

    private static String required(Map<String, String> p, String key) {
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
        return value.strip();
    }

    private static boolean bool(Map<String, String> p, String key) {
        String value = p.get(key).strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static int positiveInt(Map<String, String> p, String key) {
        try {
            int value = Integer.parseInt(p.get(key).strip());
            if (value < 1) {
                throw new NumberFormatException("not positive");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive integer, got '" + p.get(key) + "'", e);
        }
    }

    @Override
    public String toString() {
        return "cluster=" + cluster + " instance=" + instance + " topicPrefix='" + topicPrefix + "' bootstrap="
                + bootstrapServers + " createTopics=" + createTopics + " commandPartitions=" + commandPartitions
                + " concurrency=" + budget;
    }
}
