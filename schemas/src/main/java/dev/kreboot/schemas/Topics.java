package dev.kreboot.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every kreboot topic, its partitions and its configuration, in one place. All topics are keyed by
 * node name so a node's events stay in order. The Helm chart mirrors this table; {@code
 * schemas/README.md} documents producers and consumers per topic.
 *
 * <p>A prefix (for example {@code prod-eu.}) lets several clusters keep separate topics on one
 * Kafka; the default is no prefix.
 */
public final class Topics {

    public static final String NODE_STATUS = "kreboot.node-status";
    public static final String COMMANDS = "kreboot.commands";
    public static final String PROGRESS = "kreboot.progress";
    public static final String DECISIONS = "kreboot.decisions";
    public static final String CONTROL = "kreboot.control";
    public static final String DLQ = "kreboot.dlq";

    /** One topic's name and settings. */
    public record Spec(String name, int partitions, Map<String, String> configs) {
        public Spec {
            Objects.requireNonNull(name, "name");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1 for " + name);
            }
            configs = Map.copyOf(configs);
        }
    }

    private static final String COMPACT = "compact";
    private static final String DELETE = "delete";

    private final String prefix;

    private Topics(String prefix) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(
                    "kreboot.topic-prefix must contain only letters, digits, '.', '_' or '-', got: " + prefix);
        }
        this.prefix = prefix;
    }

    public static Topics withPrefix(String prefix) {
        return new Topics(prefix == null ? "" : prefix);
    }

    public static Topics defaults() {
        return new Topics("");
    }

    public String prefix() {
        return prefix;
    }

    public String nodeStatus() {
        return prefix + NODE_STATUS;
    }

    public String commands() {
        return prefix + COMMANDS;
    }

    public String progress() {
        return prefix + PROGRESS;
    }

    public String decisions() {
        return prefix + DECISIONS;
    }

    public String control() {
        return prefix + CONTROL;
    }

    public String dlq() {
        return prefix + DLQ;
    }

    /**
     * The topics with their settings. The coordinator's inputs (status, progress, control) are
     * single-partition: a cluster-wide budget needs one decision-maker reading one ordered log.
     * Commands are partitioned so an executor reads only its own node's partition.
     */
    public List<Spec> specs(int commandPartitions) {
        return List.of(
                new Spec(nodeStatus(), 1, Map.of("cleanup.policy", COMPACT)),
                new Spec(commands(), commandPartitions, Map.of("cleanup.policy", COMPACT)),
                new Spec(progress(), 1, Map.of("cleanup.policy", DELETE,
                        "retention.ms", Long.toString(Duration.ofDays(90).toMillis()))),
                new Spec(decisions(), 1, Map.of("cleanup.policy", DELETE,
                        "retention.ms", Long.toString(Duration.ofDays(30).toMillis()))),
                new Spec(control(), 1, Map.of("cleanup.policy", DELETE)),
                new Spec(dlq(), 1, Map.of("cleanup.policy", DELETE,
                        "retention.ms", Long.toString(Duration.ofDays(30).toMillis()))));
    }
}
