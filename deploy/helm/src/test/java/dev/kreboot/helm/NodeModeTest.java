package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.AGENT;
import static dev.kreboot.helm.Chart.NODE_MODE;
import static dev.kreboot.helm.Chart.SPLIT;
import static dev.kreboot.helm.Chart.name;
import static dev.kreboot.helm.Chart.sets;
import static dev.kreboot.helm.ChartRenderTest.container;
import static dev.kreboot.helm.ChartRenderTest.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The node side's two layouts behind {@code node.mode}: the default one node-agent DaemonSet, and the
 * split node-sensor + executor pair. The agent's pod must carry everything both split pods carry (the
 * same settings from the same values, the sentinel mount, the signing key, the executor's RBAC), so a
 * team can switch modes without touching any other value.
 */
class NodeModeTest {
    private static final List<String> KURED_LIKE = List.of(
            "configuration.rebootSentinel", "/var/run/reboot-needed",
            "configuration.period", "2m",
            "configuration.drainTimeout", "30m",
            "configuration.preRebootNodeLabels[0]", "kured=rebooting",
            "nodeSensor.maxPackages", "50",
            "executor.pollInterval", "2s",
            "secrets.signing.existingSecret", "kreboot-signing",
            "metrics.create", "true");

    private static Chart.Rendered render(String mode, String... more) {
        List<String> all = new java.util.ArrayList<>(KURED_LIKE);
        all.addAll(List.of(more));
        all.add(NODE_MODE);
        all.add(mode);
        return Chart.render(sets(all.toArray(String[]::new)));
    }

    private static PodSpec pod(Chart.Rendered r, String component) {
        return r.pod(component);
    }

    @Test
    void theDefaultIsOneNodeAgentDaemonSet() {
        String yaml = new Helm(Chart.chartDir()).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE).call();
        Chart.Rendered r = new Chart.Rendered(yaml);

        assertEquals(Set.of(name("node-agent")), Set.copyOf(r.all(DaemonSet.class).stream()
                .map(d -> d.getMetadata().getName()).toList()));
        assertTrue(container(pod(r, "node-agent")).getImage().startsWith("ghcr.io/kreboot/node-agent:"));
    }

    @Test
    void splitModeRendersTheSensorAndExecutorAndNoAgent() {
        Chart.Rendered r = render(SPLIT);

        assertNotNull(pod(r, "node-sensor"));
        assertNotNull(pod(r, "executor"));
        assertFalse(r.find(DaemonSet.class, name("node-agent")).isPresent(), r.names().toString());
    }

    @Test
    void theAgentCarriesEverySettingTheSplitPodsCarryWithTheSameValues() {
        Chart.Rendered split = render(SPLIT);
        Map<String, EnvVar> expected = new HashMap<>();
        expected.putAll(env(container(pod(split, "node-sensor"))));
        expected.putAll(env(container(pod(split, "executor"))));
        // Per process, not per setting: the agent's own options, and no fixed instance (see node-agent.yaml).
        expected.remove("JAVA_TOOL_OPTIONS");
        expected.remove("KREBOOT_INSTANCE");

        Map<String, EnvVar> agent = env(container(pod(render(AGENT), "node-agent")));
        agent.remove("JAVA_TOOL_OPTIONS");

        assertEquals(new java.util.TreeMap<>(expected), agent);
        assertEquals("50", agent.get("KREBOOT_SENSOR_MAX_PACKAGES").getValue(), "the sensor's values apply");
        assertEquals("2s", agent.get("KREBOOT_EXECUTOR_POLL_INTERVAL").getValue(), "the executor's values apply");
    }

    @Test
    void theAgentMountsTheSentinelDirectoryAndTheSigningKeyLikeTheSplitPods() {
        Chart.Rendered split = render(SPLIT);
        Set<String> expectedMounts = new HashSet<>();
        Set<String> expectedVolumes = new HashSet<>();
        for (String component : List.of("node-sensor", "executor")) {
            container(pod(split, component)).getVolumeMounts().forEach(m -> expectedMounts.add(describe(m)));
            pod(split, component).getVolumes().forEach(v -> expectedVolumes.add(describe(v)));
        }
        PodSpec agent = pod(render(AGENT), "node-agent");
        Set<String> mounts = new HashSet<>();
        container(agent).getVolumeMounts().forEach(m -> mounts.add(describe(m)));
        Set<String> volumes = new HashSet<>();
        agent.getVolumes().forEach(v -> volumes.add(describe(v)));

        assertEquals(expectedMounts, mounts);
        assertEquals(expectedVolumes, volumes);
        assertTrue(mounts.contains("sentinel:/host/var/run:true"), mounts.toString());
    }

    private static String describe(VolumeMount m) {
        return m.getName() + ":" + m.getMountPath() + ":" + Boolean.TRUE.equals(m.getReadOnly());
    }

    private static String describe(Volume v) {
        return v.getName() + ":" + (v.getHostPath() != null ? "hostPath " + v.getHostPath().getPath()
                : v.getSecret() != null ? "secret " + v.getSecret().getSecretName() : "emptyDir");
    }

    @Test
    void theAgentRebootsLikeTheExecutorPrivilegedWithHostPidForTheCommandMethod() {
        PodSpec agent = pod(render(AGENT), "node-agent");
        Container container = container(agent);

        assertTrue(agent.getHostPID());
        assertTrue(container.getSecurityContext().getPrivileged());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
    }

    @Test
    void withTheSignalMethodAndFileModeTheAgentNeedsOnlyCapKill() {
        Container container = container(pod(render(AGENT, "configuration.rebootMethod", "signal"), "node-agent"));

        assertFalse(container.getSecurityContext().getPrivileged());
        assertEquals(List.of("KILL"), container.getSecurityContext().getCapabilities().getAdd());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
    }

    @Test
    void aSentinelCommandKeepsTheAgentPrivilegedEvenWithTheSignalMethod() {
        Container container = container(pod(render(AGENT, "configuration.rebootMethod", "signal",
                "configuration.rebootSentinelCommand", "test -f /var/run/reboot-required"), "node-agent"));

        assertTrue(container.getSecurityContext().getPrivileged(), "nsenter for the sentinel command");
    }

    @Test
    void theAgentGetsTheExecutorsRbacAndScrapeTargets() {
        Chart.Rendered r = render(AGENT);

        ClusterRoleBinding binding = r.all(ClusterRoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(name("node-agent"))))
                .findFirst().orElseThrow(() -> new AssertionError("no binding for the agent in " + r.names()));
        assertEquals(name("node-agent"), binding.getRoleRef().getName());
        assertEquals(name("node-agent"), pod(r, "node-agent").getServiceAccountName());
        assertTrue(r.find(ServiceAccount.class, name("node-agent")).isPresent());
        assertEquals("None", r.get(Service.class, name("node-agent")).getSpec().getClusterIP(), "one endpoint per node");
        assertEquals(1, r.custom("ServiceMonitor").stream()
                .filter(m -> m.getMetadata().getName().equals(name("node-agent"))).count());
        for (String gone : List.of("node-sensor", "executor")) {
            assertFalse(r.find(ServiceAccount.class, name(gone)).isPresent(), gone);
            assertFalse(r.find(Service.class, name(gone)).isPresent(), gone);
        }
    }

    @Test
    void theAgentsNetworkPolicyLetsItReachTheApiServer() {
        NetworkPolicy policy = render(AGENT, "networkPolicy.enabled", "true").get(NetworkPolicy.class, name("node-agent"));

        assertTrue(policy.getSpec().getEgress().stream().flatMap(e -> e.getPorts().stream())
                .anyMatch(p -> p.getPort().getIntVal() != null && p.getPort().getIntVal() == 6443));
    }

    @Test
    void anUnknownModeFailsNamingTheKey() {
        Exception e = assertThrows(IllegalStateException.class, () -> render("both"));

        assertTrue(e.getMessage().contains("node.mode"), e.getMessage());
    }
}
