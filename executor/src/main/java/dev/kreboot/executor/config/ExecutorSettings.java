package dev.kreboot.executor.config;

import dev.kreboot.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the executor can be told, typed and validated once. {@link #from(Map)} holds every
 * default; a missing or invalid value throws {@link IllegalArgumentException} naming the key.
 * kured's meanings are kept: a drain timeout of {@code 0} waits forever (kured's default, not
 * ours), a grace period of {@code -1} uses each pod's own.
 *
 * @param kafkaBootstrapServers may be null here (the plain objects do not need Kafka); the
 *                              deployed service requires it through {@link #requireBootstrapServers()}
 * @param drainTimeout          {@link Duration#ZERO} means no limit
 * @param drainGracePeriodSeconds -1 means the pod's own termination grace period
 * @param podFieldSelector      list pods with the {@code spec.nodeName} field selector (pods are
 *                              filtered by node in code either way); off for API servers that ignore it
 * @param kubernetesMasterUrl   null means fabric8's auto-configuration (in-cluster service account)
 */
public record ExecutorSettings(
        String nodeName,
        String cluster,
        String instance,
        String topicPrefix,
        String kafkaBootstrapServers,
        boolean createTopics,
        int commandPartitions,
        Duration drainTimeout,
        int drainGracePeriodSeconds,
        Duration evictionRetryInterval,
        Duration readyTimeout,
        Duration pollInterval,
        String rebootCommand,
        String nsenterPrefix,
        Path bootIdFile,
        boolean podFieldSelector,
        String kubernetesMasterUrl) {

    public static final String NODE_NAME = "kreboot.node-name";
    public static final String CLUSTER = "kreboot.cluster";
    public static final String INSTANCE = "kreboot.instance";
    public static final String TOPIC_PREFIX = "kreboot.topic-prefix";
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String CREATE_TOPICS = "kreboot.create-topics";
    public static final String COMMAND_PARTITIONS = "kreboot.command-partitions";
    public static final String DRAIN_TIMEOUT = "kreboot.executor.drain-timeout";
    public static final String DRAIN_GRACE_PERIOD = "kreboot.executor.drain-grace-period";
    public static final String EVICTION_RETRY_INTERVAL = "kreboot.executor.eviction-retry-interval";
    public static final String READY_TIMEOUT = "kreboot.executor.ready-timeout";
    public static final String POLL_INTERVAL = "kreboot.executor.poll-interval";
    public static final String REBOOT_COMMAND = "kreboot.executor.reboot-command";
    public static final String NSENTER_PREFIX = "kreboot.executor.nsenter-prefix";
    public static final String BOOT_ID_FILE = "kreboot.executor.boot-id-file";
    public static final String POD_FIELD_SELECTOR = "kreboot.executor.pod-field-selector";
    public static final String KUBERNETES_MASTER_URL = "kreboot.kubernetes.master-url";

    /** Every key {@link #from(Map)} reads; the Micronaut shell copies exactly these from its environment. */
    public static final List<String> KEYS = List.of(NODE_NAME, CLUSTER, INSTANCE, TOPIC_PREFIX, BOOTSTRAP_SERVERS,
            CREATE_TOPICS, COMMAND_PARTITIONS, DRAIN_TIMEOUT, DRAIN_GRACE_PERIOD, EVICTION_RETRY_INTERVAL,
            READY_TIMEOUT, POLL_INTERVAL, REBOOT_COMMAND, NSENTER_PREFIX, BOOT_ID_FILE, POD_FIELD_SELECTOR,
            KUBERNETES_MASTER_URL);

    private static final Pattern NODE = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public ExecutorSettings {
        Objects.requireNonNull(nodeName, NODE_NAME);
        Objects.requireNonNull(cluster, CLUSTER);
        Objects.requireNonNull(instance, INSTANCE);
        Objects.requireNonNull(drainTimeout, DRAIN_TIMEOUT);
        Objects.requireNonNull(evictionRetryInterval, EVICTION_RETRY_INTERVAL);
        Objects.requireNonNull(readyTimeout, READY_TIMEOUT);
        Objects.requireNonNull(pollInterval, POLL_INTERVAL);
        Objects.requireNonNull(rebootCommand, REBOOT_COMMAND);
        Objects.requireNonNull(nsenterPrefix, NSENTER_PREFIX);
        Objects.requireNonNull(bootIdFile, BOOT_ID_FILE);
        topicPrefix = Objects.requireNonNullElse(topicPrefix, "");
    }

    public static ExecutorSettings from(Map<String, String> props) {
        Map<String, String> p = Objects.requireNonNull(props, "props");
        String node = required(p, NODE_NAME);
        if (!NODE.matcher(node).matches()) {
            throw new IllegalArgumentException(NODE_NAME + " must be a Kubernetes node name (lower-case DNS subdomain), got: '"
                    + node + "'");
        }
        String prefix = optional(p, TOPIC_PREFIX, "");
        Topics.withPrefix(prefix); // validates, naming the key
        Duration retry = positive(EVICTION_RETRY_INTERVAL, duration(p, EVICTION_RETRY_INTERVAL, "5s"));
        Duration ready = positive(READY_TIMEOUT, duration(p, READY_TIMEOUT, "10m"));
        Duration poll = positive(POLL_INTERVAL, duration(p, POLL_INTERVAL, "1s"));
        Duration drain = duration(p, DRAIN_TIMEOUT, "15m");
        if (drain.isNegative()) {
            throw new IllegalArgumentException(DRAIN_TIMEOUT + " must be >= 0 (0 waits forever), got: " + p.get(DRAIN_TIMEOUT));
        }
        int grace = integer(p, DRAIN_GRACE_PERIOD, -1);
        if (grace < -1) {
            throw new IllegalArgumentException(DRAIN_GRACE_PERIOD + " must be -1 (the pod's own) or >= 0 seconds, got: " + grace);
        }
        int partitions = integer(p, COMMAND_PARTITIONS, 12);
        if (partitions < 1) {
            throw new IllegalArgumentException(COMMAND_PARTITIONS + " must be >= 1, got: " + partitions);
        }
        String reboot = optional(p, REBOOT_COMMAND, "/bin/systemctl reboot");
        if (reboot.isBlank()) {
            throw new IllegalArgumentException(REBOOT_COMMAND + " must not be blank");
        }
        String defaultInstance = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "local");
        return new ExecutorSettings(
                node,
                required(p, CLUSTER),
                optional(p, INSTANCE, defaultInstance.isBlank() ? "local" : defaultInstance),
                prefix,
                optional(p, BOOTSTRAP_SERVERS, null),
                bool(p, CREATE_TOPICS, true),
                partitions,
                drain,
                grace,
                retry,
                ready,
                poll,
                reboot,
                optional(p, NSENTER_PREFIX, "nsenter -m/proc/1/ns/mnt --"),
                Path.of(optional(p, BOOT_ID_FILE, "/proc/sys/kernel/random/boot_id")),
                bool(p, POD_FIELD_SELECTOR, true),
                optional(p, KUBERNETES_MASTER_URL, null));
    }

    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    /** The deployed service talks to Kafka; the plain objects do not. */
    public String requireBootstrapServers() {
        if (kafkaBootstrapServers == null || kafkaBootstrapServers.isBlank()) {
            throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " must be set");
        }
        return kafkaBootstrapServers;
    }

    /** No limit on the drain (kured's {@code --drain-timeout=0}). */
    public boolean drainWaitsForever() {
        return drainTimeout.isZero();
    }

    /** Key to effective value, for the one start-up log line. Nothing here is secret. */
    public Map<String, String> effective() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NODE_NAME, nodeName);
        m.put(CLUSTER, cluster);
        m.put(INSTANCE, instance);
        m.put(TOPIC_PREFIX, topicPrefix);
        m.put(BOOTSTRAP_SERVERS, String.valueOf(kafkaBootstrapServers));
        m.put(CREATE_TOPICS, Boolean.toString(createTopics));
        m.put(COMMAND_PARTITIONS, Integer.toString(commandPartitions));
        m.put(DRAIN_TIMEOUT, drainWaitsForever() ? "0 (forever)" : Durations.format(drainTimeout));
        m.put(DRAIN_GRACE_PERIOD, Integer.toString(drainGracePeriodSeconds));
        m.put(EVICTION_RETRY_INTERVAL, Durations.format(evictionRetryInterval));
        m.put(READY_TIMEOUT, Durations.format(readyTimeout));
        m.put(POLL_INTERVAL, Durations.format(pollInterval));
        m.put(REBOOT_COMMAND, rebootCommand);
        m.put(NSENTER_PREFIX, nsenterPrefix);
        m.put(BOOT_ID_FILE, bootIdFile.toString());
        m.put(POD_FIELD_SELECTOR, Boolean.toString(podFieldSelector));
        m.put(KUBERNETES_MASTER_URL, kubernetesMasterUrl == null ? "(auto-configured)" : kubernetesMasterUrl);
        return m;
    }

    private static String required(Map<String, String> p, String key) {
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
        return value.trim();
    }

    private static String optional(Map<String, String> p, String key, String fallback) {
        String value = p.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static Duration duration(Map<String, String> p, String key, String fallback) {
        return Durations.parse(key, optional(p, key, fallback));
    }

    private static Duration positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got: " + value);
        }
        return value;
    }

    private static int integer(Map<String, String> p, String key, int fallback) {
        String value = optional(p, key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got: '" + value + "'");
        }
    }

    private static boolean bool(Map<String, String> p, String key, boolean fallback) {
        String value = optional(p, key, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got: '" + value + "'");
        };
    }
}
