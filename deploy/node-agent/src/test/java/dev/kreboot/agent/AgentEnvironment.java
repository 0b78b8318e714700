package dev.kreboot.agent;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables the chart's DaemonSet sets for one node's agent (Micronaut's names for the
 * services' keys), pointed at a test's host folder, broker and API server. The host folder holds
 * {@code reboot-required} (the sentinel), {@code reboot-required.pkgs}, {@code boot_id} and
 * {@code osrelease}; the test writes whichever it needs. No host namespaces to enter here:
 * {@code env true} stands in for {@code nsenter ... -- <reboot command>}. Callers add their own
 * timings and ports to the returned (mutable) map.
 */
public final class AgentEnvironment {
    private AgentEnvironment() {
    }

    public static Map<String, String> forNode(String node, String cluster, String bootstrapServers, String topicPrefix,
            String apiUrl, Path host) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KREBOOT_NODE_NAME", node);
        env.put("KREBOOT_CLUSTER", cluster);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KREBOOT_TOPIC_PREFIX", topicPrefix);
        env.put("KREBOOT_COMMAND_PARTITIONS", "3");
        env.put("KREBOOT_KUBERNETES_MASTER_URL", apiUrl);
        env.put("KREBOOT_SENSOR_SENTINEL", host.resolve("reboot-required").toString());
        env.put("KREBOOT_SENSOR_PACKAGES_FILE", host.resolve("reboot-required.pkgs").toString());
        env.put("KREBOOT_SENSOR_BOOT_ID_FILE", host.resolve("boot_id").toString());
        env.put("KREBOOT_SENSOR_OS_RELEASE_FILE", host.resolve("osrelease").toString());
        env.put("KREBOOT_EXECUTOR_BOOT_ID_FILE", host.resolve("boot_id").toString());
        env.put("KREBOOT_EXECUTOR_NSENTER_PREFIX", "env");
        env.put("KREBOOT_EXECUTOR_REBOOT_COMMAND", "true");
        return env;
    }
}
