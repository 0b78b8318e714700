package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityContextTest {

    @Test
    void sensorRunsAsNonRootOnAReadOnlyRootWithTheHostMountedReadOnly() {
        PodSpec pod = Chart.render(Map.of()).pod("node-sensor");
        SecurityContext sc = ChartRenderTest.container(pod).getSecurityContext();
        assertRestricted(sc);
        assertTrue(pod.getHostPID() == null || !pod.getHostPID(), "file mode needs no host PID namespace");

        List<Volume> hostPaths = pod.getVolumes().stream().filter(v -> v.getHostPath() != null).toList();
        assertEquals(List.of("/var/run"), hostPaths.stream().map(v -> v.getHostPath().getPath()).toList());
        for (Volume volume : hostPaths) {
            VolumeMount mount = ChartRenderTest.container(pod).getVolumeMounts().stream()
                    .filter(m -> m.getName().equals(volume.getName())).findFirst().orElseThrow();
            assertEquals(Boolean.TRUE, mount.getReadOnly(), mount.toString());
        }
    }

    @Test
    void sentinelElsewhereMountsOnlyItsDirectory() {
        PodSpec pod = Chart.render(sets("configuration.rebootSentinel", "/run/updates/needs-reboot"))
                .pod("node-sensor");
        assertEquals(List.of("/run/updates"), pod.getVolumes().stream().filter(v -> v.getHostPath() != null)
                .map(v -> v.getHostPath().getPath()).toList());
        assertEquals("/host/run/updates/needs-reboot", ChartRenderTest.values(pod).get("KREBOOT_SENSOR_SENTINEL"));
    }

    @Test
    void sentinelCommandModeGivesTheSensorTheHostPidNamespaceButStillNoApiToken() {
        PodSpec pod = Chart.render(sets("configuration.rebootSentinelCommand", "/usr/bin/needs-restarting -r"))
                .pod("node-sensor");
        assertEquals(Boolean.TRUE, pod.getHostPID());
        assertEquals(Boolean.TRUE, ChartRenderTest.container(pod).getSecurityContext().getPrivileged());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
        assertEquals("/usr/bin/needs-restarting -r", ChartRenderTest.values(pod).get("KREBOOT_SENSOR_COMMAND"));
    }

    @Test
    void commandRebootMethodRunsTheExecutorPrivilegedInTheHostPidNamespace() {
        PodSpec pod = Chart.render(Map.of()).pod("executor");
        assertEquals(Boolean.TRUE, pod.getHostPID());
        assertEquals(Boolean.TRUE, ChartRenderTest.container(pod).getSecurityContext().getPrivileged());
        assertTrue(pod.getVolumes().stream().allMatch(v -> v.getHostPath() == null), "no host filesystem");
    }

    @Test
    void signalRebootMethodGrantsOnlyCapKill() {
        PodSpec pod = Chart.render(sets("configuration.rebootMethod", "signal"))
                .pod("executor");
        SecurityContext sc = ChartRenderTest.container(pod).getSecurityContext();
        assertEquals(Boolean.TRUE, pod.getHostPID());
        assertNotEquals(Boolean.TRUE, sc.getPrivileged());
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertEquals(List.of("KILL"), sc.getCapabilities().getAdd());
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
    }

    @Test
    void coordinatorAndNotifierRunRestricted() {
        Chart.Rendered r = Chart.render(sets("configuration.notifyUrl", "https://hooks.example.com/x"));
        for (String component : List.of("coordinator", "notifier")) {
            PodSpec pod = r.pod(component);
            Container container = ChartRenderTest.container(pod);
            assertRestricted(container.getSecurityContext());
            assertNull(pod.getHostPID(), component);
            assertTrue(pod.getVolumes().stream().allMatch(v -> v.getHostPath() == null), component);
        }
    }

    private static void assertRestricted(SecurityContext sc) {
        assertEquals(Boolean.TRUE, sc.getRunAsNonRoot());
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
        assertNotEquals(Boolean.TRUE, sc.getPrivileged());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty());
    }
}
