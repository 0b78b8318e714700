package dev.kreboot.sensor.config;

import dev.kreboot.schemas.config.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The node-sensor's configuration, validated. Built from a flat map of properties with
 * {@link #from(Map)}; every default lives here. An invalid or missing required value throws an
 * {@link IllegalArgumentException} whose message names the key.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@code kreboot.node-name}</td><td>env {@code NODE_NAME}, else env {@code KURED_NODE_ID}; required, a DNS-1123 subdomain (kured {@code --node-id})</td></tr>
 *   <tr><td>{@code kreboot.cluster}</td><td>required</td></tr>
 *   <tr><td>{@code kreboot.instance}</td><td>env {@code HOSTNAME} (else {@code local}), a dash and {@link #PROCESS_TAG}</td></tr>
 *   <tr><td>{@code kreboot.topic-prefix}</td><td>empty</td></tr>
 *   <tr><td>{@code kafka.bootstrap.servers}</td><td>none; required only by the Kafka sink ({@link #requireBootstrapServers()})</td></tr>
 *   <tr><td>{@code kreboot.create-topics}</td><td>{@code true}</td></tr>
 *   <tr><td>{@code kreboot.sensor.sentinel}</td><td>env {@code KURED_REBOOT_SENTINEL}, else {@code /var/run/reboot-required} (kured {@code --reboot-sentinel})</td></tr>
 *   <tr><td>{@code kreboot.sensor.command}</td><td>env {@code KURED_REBOOT_SENTINEL_COMMAND}, else empty: file mode (kured {@code --reboot-sentinel-command}; shell quoting)</td></tr>
 *   <tr><td>{@code kreboot.sensor.command-prefix}</td><td>{@code nsenter -m/proc/1/ns/mnt --}; empty runs the command in the pod</td></tr>
 *   <tr><td>{@code kreboot.sensor.command-timeout}</td><td>{@code 60s}</td></tr>
 *   <tr><td>{@code kreboot.sensor.packages-file}</td><td>{@code /var/run/reboot-required.pkgs}</td></tr>
 *   <tr><td>{@code kreboot.sensor.boot-id-file}</td><td>{@code /proc/sys/kernel/random/boot_id}</td></tr>
 *   <tr><td>{@code kreboot.sensor.os-release-file}</td><td>{@code /proc/sys/kernel/osrelease}</td></tr>
 *   <tr><td>{@code kreboot.sensor.period}</td><td>env {@code KURED_PERIOD}, else {@code 5m}: resync, heartbeat and command poll (kured {@code --period}, Go or ISO-8601 syntax)</td></tr>
 *   <tr><td>{@code kreboot.sensor.max-packages}</td><td>{@code 100}</td></tr>
 * </table>
 *
 * <p>kured's environment variables ({@code KURED_*}, as its chart sets them) are aliases: a kreboot
 * key that is present wins over them, so a migration can set both while it moves.
 *
 * <p>Why the default instance carries a per-process tag: the coordinator ignores a status whose
 * sequence is not newer than the last one from the same instance, and a sensor's sequence starts at
 * 1 in every process. A DaemonSet pod keeps its name ({@code HOSTNAME}) across a node reboot and
 * across container restarts, and a container restart does not even change the boot id, so neither
 * the pod name nor {@code <pod>-<boot id>} is unique per process. A random tag drawn once per JVM is.
 */
public record SensorSettings(
        String nodeName,
        String cluster,
        String instance,
        String topicPrefix,
        String bootstrapServers,
        boolean createTopics,
        Path sentinel,
        Path packagesFile,
        Path bootIdFile,
        Path osReleaseFile,
        Duration period,
        int maxPackages,
        List<String> sentinelCommand,
        List<String> commandPrefix,
        Duration commandTimeout) {

    public static final String NODE_NAME = "kreboot.node-name";
    public static final String CLUSTER = "kreboot.cluster";
    public static final String INSTANCE = "kreboot.instance";
    public static final String TOPIC_PREFIX = "kreboot.topic-prefix";
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String CREATE_TOPICS = "kreboot.create-topics";
    public static final String SENTINEL = "kreboot.sensor.sentinel";
    public static final String PACKAGES_FILE = "kreboot.sensor.packages-file";
    public static final String BOOT_ID_FILE = "kreboot.sensor.boot-id-file";
    public static final String OS_RELEASE_FILE = "kreboot.sensor.os-release-file";
    public static final String PERIOD = "kreboot.sensor.period";
    public static final String MAX_PACKAGES = "kreboot.sensor.max-packages";
    public static final String COMMAND = "kreboot.sensor.command";
    public static final String COMMAND_PREFIX = "kreboot.sensor.command-prefix";
    public static final String COMMAND_TIMEOUT = "kreboot.sensor.command-timeout";

    /** Every key this record reads, for adapters that collect them from elsewhere. */
    public static final List<String> KEYS = List.of(NODE_NAME, CLUSTER, INSTANCE, TOPIC_PREFIX, BOOTSTRAP_SERVERS,
            CREATE_TOPICS, SENTINEL, PACKAGES_FILE, BOOT_ID_FILE, OS_RELEASE_FILE, PERIOD, MAX_PACKAGES, COMMAND,
            COMMAND_PREFIX, COMMAND_TIMEOUT);

    /** Environment variables consulted when the corresponding key is absent. */
    public static final String ENV_NODE_NAME = "NODE_NAME";
    public static final String ENV_HOSTNAME = "HOSTNAME";
    /** kured's environment variables, aliases of kreboot keys (the key wins when both are set). */
    public static final String KURED_NODE_ID = "KURED_NODE_ID";
    public static final String KURED_REBOOT_SENTINEL = "KURED_REBOOT_SENTINEL";
    public static final String KURED_REBOOT_SENTINEL_COMMAND = "KURED_REBOOT_SENTINEL_COMMAND";
    public static final String KURED_PERIOD = "KURED_PERIOD";

    /** Drawn once per JVM: part of the default instance id, so every sensor process has its own. */
    public static final String PROCESS_TAG = UUID.randomUUID().toString().substring(0, 8);

    static final String DEFAULT_SENTINEL = "/var/run/reboot-required";
    static final String DEFAULT_PACKAGES_FILE = "/var/run/reboot-required.pkgs";
    static final String DEFAULT_BOOT_ID_FILE = "/proc/sys/kernel/random/boot_id";
    static final String DEFAULT_OS_RELEASE_FILE = "/proc/sys/kernel/osrelease";
    static final String DEFAULT_PERIOD = "5m";
    static final int DEFAULT_MAX_PACKAGES = 100;
    static final int MAX_MAX_PACKAGES = 10_000;
    static final String DEFAULT_COMMAND_PREFIX = "nsenter -m/proc/1/ns/mnt --";
    static final String DEFAULT_COMMAND_TIMEOUT = "60s";

    // Kubernetes' DNS-1123 subdomain, which every node name is.
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public SensorSettings {
        nodeName = requireNodeName(nodeName);
        cluster = requireText(CLUSTER, cluster);
        instance = requireText(INSTANCE, instance);
        topicPrefix = Objects.requireNonNullElse(topicPrefix, "");
        if (!topicPrefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(TOPIC_PREFIX + " must contain only letters, digits, '.', '_' or '-', got: "
                    + topicPrefix);
        }
        if (bootstrapServers != null && bootstrapServers.isBlank()) {
            bootstrapServers = null;
        }
        Objects.requireNonNull(sentinel, SENTINEL);
        Objects.requireNonNull(packagesFile, PACKAGES_FILE);
        Objects.requireNonNull(bootIdFile, BOOT_ID_FILE);
        Objects.requireNonNull(osReleaseFile, OS_RELEASE_FILE);
        Objects.requireNonNull(period, PERIOD);
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(PERIOD + " must be positive, got: " + period);
        }
        if (maxPackages < 0 || maxPackages > MAX_MAX_PACKAGES) {
            throw new IllegalArgumentException(MAX_PACKAGES + " must be between 0 and " + MAX_MAX_PACKAGES
                    + ", got: " + maxPackages);
        }
        sentinelCommand = List.copyOf(Objects.requireNonNullElse(sentinelCommand, List.of()));
        commandPrefix = List.copyOf(Objects.requireNonNullElse(commandPrefix, List.of()));
        Objects.requireNonNull(commandTimeout, COMMAND_TIMEOUT);
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException(COMMAND_TIMEOUT + " must be positive, got: " + commandTimeout);
        }
    }

    /** Command mode when a sentinel command is configured (it replaces the file, as in kured). */
    public boolean commandMode() {
        return !sentinelCommand.isEmpty();
    }

    /** Reads {@code props}, falling back to the process environment (node name, instance, {@code KURED_*}). */
    public static SensorSettings from(Map<String, String> props) {
        return from(props, System.getenv());
    }

    /** As {@link #from(Map)} with an explicit environment, so tests do not depend on the machine's. */
    public static SensorSettings from(Map<String, String> props, Map<String, String> env) {
        Map<String, String> p = Objects.requireNonNull(props, "props");
        Map<String, String> e = Objects.requireNonNull(env, "env");
        String nodeName = p.containsKey(NODE_NAME) ? p.get(NODE_NAME)
                : e.containsKey(ENV_NODE_NAME) ? e.get(ENV_NODE_NAME) : e.get(KURED_NODE_ID);
        String instance = p.containsKey(INSTANCE) ? p.get(INSTANCE)
                : firstNonBlank(e.get(ENV_HOSTNAME), "local") + "-" + PROCESS_TAG;
        String command = aliased(p, e, COMMAND, KURED_REBOOT_SENTINEL_COMMAND, "");
        return new SensorSettings(
                nodeName,
                p.get(CLUSTER),
                instance,
                p.getOrDefault(TOPIC_PREFIX, ""),
                p.get(BOOTSTRAP_SERVERS),
                parseBoolean(CREATE_TOPICS, p.getOrDefault(CREATE_TOPICS, "true")),
                path(SENTINEL, aliased(p, e, SENTINEL, KURED_REBOOT_SENTINEL, DEFAULT_SENTINEL)),
                path(PACKAGES_FILE, p.getOrDefault(PACKAGES_FILE, DEFAULT_PACKAGES_FILE)),
                path(BOOT_ID_FILE, p.getOrDefault(BOOT_ID_FILE, DEFAULT_BOOT_ID_FILE)),
                path(OS_RELEASE_FILE, p.getOrDefault(OS_RELEASE_FILE, DEFAULT_OS_RELEASE_FILE)),
                Durations.parsePositive(PERIOD, aliased(p, e, PERIOD, KURED_PERIOD, DEFAULT_PERIOD)),
                parseInt(MAX_PACKAGES, p.getOrDefault(MAX_PACKAGES, Integer.toString(DEFAULT_MAX_PACKAGES))),
                CommandWords.split(COMMAND, command),
                CommandWords.split(COMMAND_PREFIX, p.getOrDefault(COMMAND_PREFIX, DEFAULT_COMMAND_PREFIX)),
                Durations.parsePositive(COMMAND_TIMEOUT, p.getOrDefault(COMMAND_TIMEOUT, DEFAULT_COMMAND_TIMEOUT)));
    }

    /** The Kafka bootstrap servers, or an {@link IllegalArgumentException} naming the key. */
    public String requireBootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " must be set");
        }
        return bootstrapServers;
    }

    private static String aliased(Map<String, String> props, Map<String, String> env, String key, String kuredEnv,
                                  String fallback) {
        if (props.containsKey(key)) {
            return Objects.requireNonNullElse(props.get(key), fallback);
        }
        String alias = env.get(kuredEnv);
        return alias != null ? alias : fallback;
    }

    private static String requireNodeName(String value) {
        String name = requireText(NODE_NAME, value == null ? null : value.strip());
        if (name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            throw new IllegalArgumentException(NODE_NAME + " must be a DNS-1123 subdomain (lower-case letters, digits, "
                    + "'-' and '.', starting and ending with a letter or digit, at most 253 characters), got: " + value);
        }
        return name;
    }

    private static String requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
        return value.strip();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        throw new IllegalStateException("no default");
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got: " + value);
        };
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got: " + value, e);
        }
    }

    private static Path path(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be a path, got an empty value");
        }
        try {
            return Path.of(value.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key + " is not a valid path: " + value, e);
        }
    }
}
