package dev.kreboot.executor.config;

import dev.kreboot.executor.domain.DrainPolicy;
import dev.kreboot.executor.domain.NodeMarks;
import dev.kreboot.executor.domain.PodSelector;
import dev.kreboot.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param drainDelay            wait before the cordon (kured's {@code --drain-delay})
 * @param skipWaitForDeleteTimeout {@link Duration#ZERO} waits for every terminating pod
 * @param preferNoScheduleTaint empty means no taint
 * @param rebootTimeout         the host must go down (new boot id) this long after the reboot request
 * @param nodeEvents            record Kubernetes Events on the Node
 * @param apiRetries            how often a Kubernetes API call answered 409 (node patch), 429, 5xx or
 *                              not at all is repeated before the step fails (and is retried later)
 * @param apiRetryBackoff       wait before the first repeat; doubled each time, capped at 16 times this
 * See {@code executor/README.md} for the table of keys, kured flags and defaults. How each kind of
 * value is read is {@link SettingsReader}; the start-up log line is {@link EffectiveSettings}.
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
        String kubernetesMasterUrl,
        Duration drainDelay,
        PodSelector drainPodSelector,
        Duration skipWaitForDeleteTimeout,
        boolean deleteEmptyDirData,
        boolean deletePodsWithoutController,
        boolean forceReboot,
        Map<String, String> preRebootNodeLabels,
        Map<String, String> postRebootNodeLabels,
        boolean annotateNodes,
        String preferNoScheduleTaint,
        Duration rebootDelay,
        RebootMethod rebootMethod,
        int rebootSignal,
        Duration rebootTimeout,
        boolean nodeEvents,
        int apiRetries,
        Duration apiRetryBackoff) {

    /** How the host is asked to reboot (kured's {@code --reboot-method}). */
    public enum RebootMethod {
        /** Run the reboot command in the host's mount namespace. */
        COMMAND,
        /** Send the reboot signal to the host's PID 1 (needs {@code hostPID}). */
        SIGNAL
    }

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
    public static final String DRAIN_DELAY = "kreboot.executor.drain-delay";
    public static final String DRAIN_POD_SELECTOR = "kreboot.executor.drain-pod-selector";
    public static final String SKIP_WAIT_FOR_DELETE_TIMEOUT = "kreboot.executor.skip-wait-for-delete-timeout";
    public static final String DELETE_EMPTYDIR_DATA = "kreboot.executor.delete-emptydir-data";
    public static final String DELETE_PODS_WITHOUT_CONTROLLER = "kreboot.executor.delete-pods-without-controller";
    public static final String FORCE_REBOOT = "kreboot.executor.force-reboot";
    public static final String PRE_REBOOT_NODE_LABELS = "kreboot.executor.pre-reboot-node-labels";
    public static final String POST_REBOOT_NODE_LABELS = "kreboot.executor.post-reboot-node-labels";
    public static final String ANNOTATE_NODES = "kreboot.executor.annotate-nodes";
    public static final String PREFER_NO_SCHEDULE_TAINT = "kreboot.executor.prefer-no-schedule-taint";
    public static final String REBOOT_DELAY = "kreboot.executor.reboot-delay";
    public static final String REBOOT_METHOD = "kreboot.executor.reboot-method";
    public static final String REBOOT_SIGNAL = "kreboot.executor.reboot-signal";
    public static final String REBOOT_TIMEOUT = "kreboot.executor.reboot-timeout";
    public static final String NODE_EVENTS = "kreboot.executor.node-events";
    public static final String API_RETRIES = "kreboot.executor.api-retries";
    public static final String API_RETRY_BACKOFF = "kreboot.executor.api-retry-backoff";

    /** SIGRTMIN+5: systemd's PID 1 answers it with a clean reboot (kured's default). */
    public static final int DEFAULT_REBOOT_SIGNAL = 39;

    /** Every key {@link #from(Map)} reads; the Micronaut shell copies exactly these from its environment. */
    public static final List<String> KEYS = List.of(NODE_NAME, CLUSTER, INSTANCE, TOPIC_PREFIX, BOOTSTRAP_SERVERS,
            CREATE_TOPICS, COMMAND_PARTITIONS, DRAIN_TIMEOUT, DRAIN_GRACE_PERIOD, EVICTION_RETRY_INTERVAL,
            READY_TIMEOUT, POLL_INTERVAL, REBOOT_COMMAND, NSENTER_PREFIX, BOOT_ID_FILE, POD_FIELD_SELECTOR,
            KUBERNETES_MASTER_URL, DRAIN_DELAY, DRAIN_POD_SELECTOR, SKIP_WAIT_FOR_DELETE_TIMEOUT, DELETE_EMPTYDIR_DATA,
            DELETE_PODS_WITHOUT_CONTROLLER, FORCE_REBOOT, PRE_REBOOT_NODE_LABELS, POST_REBOOT_NODE_LABELS, ANNOTATE_NODES,
            PREFER_NO_SCHEDULE_TAINT, REBOOT_DELAY, REBOOT_METHOD, REBOOT_SIGNAL, REBOOT_TIMEOUT, NODE_EVENTS,
            API_RETRIES, API_RETRY_BACKOFF);

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
        Objects.requireNonNull(drainDelay, DRAIN_DELAY);
        Objects.requireNonNull(drainPodSelector, DRAIN_POD_SELECTOR);
        Objects.requireNonNull(skipWaitForDeleteTimeout, SKIP_WAIT_FOR_DELETE_TIMEOUT);
        preRebootNodeLabels = Map.copyOf(preRebootNodeLabels);
        postRebootNodeLabels = Map.copyOf(postRebootNodeLabels);
        preferNoScheduleTaint = Objects.requireNonNullElse(preferNoScheduleTaint, "");
        Objects.requireNonNull(rebootDelay, REBOOT_DELAY);
        Objects.requireNonNull(rebootMethod, REBOOT_METHOD);
        Objects.requireNonNull(rebootTimeout, REBOOT_TIMEOUT);
        Objects.requireNonNull(apiRetryBackoff, API_RETRY_BACKOFF);
    }

    public static ExecutorSettings from(Map<String, String> props) {
        SettingsReader r = new SettingsReader(props);
        String node = r.required(NODE_NAME);
        if (!NODE.matcher(node).matches()) {
            throw new IllegalArgumentException(NODE_NAME + " must be a Kubernetes node name (lower-case DNS subdomain), got: '"
                    + node + "'");
        }
        String prefix = r.optional(TOPIC_PREFIX, "");
        Topics.withPrefix(prefix); // validates, naming the key
        Duration retry = r.positive(EVICTION_RETRY_INTERVAL, "5s");
        Duration ready = r.positive(READY_TIMEOUT, "10m");
        Duration poll = r.positive(POLL_INTERVAL, "1s");
        Duration drain = r.duration(DRAIN_TIMEOUT, "15m");
        if (drain.isNegative()) {
            throw new IllegalArgumentException(DRAIN_TIMEOUT + " must be >= 0 (0 waits forever), got: " + r.raw(DRAIN_TIMEOUT));
        }
        int grace = r.integer(DRAIN_GRACE_PERIOD, -1);
        if (grace < -1) {
            throw new IllegalArgumentException(DRAIN_GRACE_PERIOD + " must be -1 (the pod's own) or >= 0 seconds, got: " + grace);
        }
        int partitions = r.integer(COMMAND_PARTITIONS, 12);
        if (partitions < 1) {
            throw new IllegalArgumentException(COMMAND_PARTITIONS + " must be >= 1, got: " + partitions);
        }
        String reboot = r.optional(REBOOT_COMMAND, "/bin/systemctl reboot");
        if (reboot.isBlank()) {
            throw new IllegalArgumentException(REBOOT_COMMAND + " must not be blank");
        }
        int signal = r.integer(REBOOT_SIGNAL, DEFAULT_REBOOT_SIGNAL);
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException(REBOOT_SIGNAL + " must be a signal number from 1 to 64, got: " + signal);
        }
        String taint = r.optional(PREFER_NO_SCHEDULE_TAINT, "");
        if (!taint.isEmpty() && !SettingsReader.qualifiedName(taint)) {
            throw new IllegalArgumentException(PREFER_NO_SCHEDULE_TAINT
                    + " must be a taint key (optional DNS prefix and '/', then a name of up to 63 characters), got: '" + taint + "'");
        }
        int apiRetries = r.integer(API_RETRIES, 4);
        if (apiRetries < 0 || apiRetries > 20) {
            throw new IllegalArgumentException(API_RETRIES + " must be from 0 to 20, got: " + apiRetries);
        }
        String defaultInstance = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "local");
        return new ExecutorSettings(
                node,
                r.required(CLUSTER),
                r.optional(INSTANCE, defaultInstance.isBlank() ? "local" : defaultInstance),
                prefix,
                r.optional(BOOTSTRAP_SERVERS, null),
                r.bool(CREATE_TOPICS, true),
                partitions,
                drain,
                grace,
                retry,
                ready,
                poll,
                reboot,
                r.optional(NSENTER_PREFIX, "nsenter -m/proc/1/ns/mnt --"),
                Path.of(r.optional(BOOT_ID_FILE, "/proc/sys/kernel/random/boot_id")),
                r.bool(POD_FIELD_SELECTOR, true),
                r.optional(KUBERNETES_MASTER_URL, null),
                r.notNegative(DRAIN_DELAY, "0"),
                r.selector(DRAIN_POD_SELECTOR),
                r.notNegative(SKIP_WAIT_FOR_DELETE_TIMEOUT, "0"),
                r.bool(DELETE_EMPTYDIR_DATA, true),
                r.bool(DELETE_PODS_WITHOUT_CONTROLLER, true),
                r.bool(FORCE_REBOOT, false),
                r.labels(PRE_REBOOT_NODE_LABELS),
                r.labels(POST_REBOOT_NODE_LABELS),
                r.bool(ANNOTATE_NODES, false),
                taint,
                r.notNegative(REBOOT_DELAY, "0"),
                r.method(REBOOT_METHOD),
                signal,
                r.positive(REBOOT_TIMEOUT, "10m"),
                r.bool(NODE_EVENTS, true),
                apiRetries,
                r.positive(API_RETRY_BACKOFF, "200ms"));
    }

    /** Which pods the drain evicts and how long it waits for them. */
    public DrainPolicy drainPolicy() {
        return new DrainPolicy(drainPodSelector, deleteEmptyDirData, deletePodsWithoutController, skipWaitForDeleteTimeout);
    }

    /** The labels, annotations and taint the executor puts on its node. */
    public NodeMarks nodeMarks() {
        return new NodeMarks(preRebootNodeLabels, postRebootNodeLabels, annotateNodes, preferNoScheduleTaint);
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
        return EffectiveSettings.of(this);
    }
}
