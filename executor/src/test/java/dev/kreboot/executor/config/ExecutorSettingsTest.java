package dev.kreboot.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorSettingsTest {
    private static final Map<String, String> MINIMAL = Map.of("kreboot.node-name", "node-a", "kreboot.cluster", "prod");

    private static Map<String, String> with(String key, String value) {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put(key, value);
        return props;
    }

    private static String failure(Map<String, String> props) {
        return assertThrows(IllegalArgumentException.class, () -> ExecutorSettings.from(props)).getMessage();
    }

    @Test
    void defaultsFollowKuredExceptForAFiniteDrainTimeout() {
        ExecutorSettings s = ExecutorSettings.from(MINIMAL);

        assertEquals(Duration.ofMinutes(15), s.drainTimeout());
        assertEquals(-1, s.drainGracePeriodSeconds());
        assertEquals(Duration.ofSeconds(5), s.evictionRetryInterval());
        assertEquals(Duration.ofMinutes(10), s.readyTimeout());
        assertEquals(Duration.ofSeconds(1), s.pollInterval());
        assertEquals("/bin/systemctl reboot", s.rebootCommand());
        assertEquals("nsenter -m/proc/1/ns/mnt --", s.nsenterPrefix());
        assertEquals(Path.of("/proc/sys/kernel/random/boot_id"), s.bootIdFile());
        assertEquals("", s.topicPrefix());
        assertTrue(s.createTopics());
        assertTrue(s.podFieldSelector());
        assertEquals(12, s.commandPartitions());
        assertNull(s.kafkaBootstrapServers());
        assertFalse(s.instance().isBlank());
    }

    @Test
    void missingNodeNameFailsNamingTheKey() {
        assertTrue(failure(Map.of("kreboot.cluster", "prod")).contains("kreboot.node-name"));
    }

    @Test
    void missingClusterFailsNamingTheKey() {
        assertTrue(failure(Map.of("kreboot.node-name", "node-a")).contains("kreboot.cluster"));
    }

    @Test
    void durationsAcceptKuredAndIsoForms() {
        assertEquals(Duration.ofSeconds(30), ExecutorSettings.from(with("kreboot.executor.drain-timeout", "30s")).drainTimeout());
        assertEquals(Duration.ofMinutes(90), ExecutorSettings.from(with("kreboot.executor.drain-timeout", "1h30m")).drainTimeout());
        assertEquals(Duration.ofMinutes(5), ExecutorSettings.from(with("kreboot.executor.drain-timeout", "PT5M")).drainTimeout());
        assertEquals(Duration.ofMillis(250), ExecutorSettings.from(with("kreboot.executor.poll-interval", "250ms")).pollInterval());
    }

    @Test
    void aZeroDrainTimeoutWaitsForeverAsInKured() {
        assertTrue(ExecutorSettings.from(with("kreboot.executor.drain-timeout", "0")).drainWaitsForever());
    }

    @Test
    void invalidValuesFailNamingTheirKey() {
        assertTrue(failure(with("kreboot.executor.drain-timeout", "soon")).contains("kreboot.executor.drain-timeout"));
        assertTrue(failure(with("kreboot.executor.poll-interval", "0s")).contains("kreboot.executor.poll-interval"));
        assertTrue(failure(with("kreboot.executor.drain-grace-period", "-2")).contains("kreboot.executor.drain-grace-period"));
        assertTrue(failure(with("kreboot.executor.drain-grace-period", "x")).contains("kreboot.executor.drain-grace-period"));
        assertTrue(failure(with("kreboot.create-topics", "yes")).contains("kreboot.create-topics"));
        assertTrue(failure(with("kreboot.node-name", "Node_A")).contains("kreboot.node-name"));
        assertTrue(failure(with("kreboot.topic-prefix", "a/b")).contains("kreboot.topic-prefix"));
    }

    @Test
    void theDeployedServiceRequiresKafka() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> ExecutorSettings.from(MINIMAL).requireBootstrapServers()).getMessage();
        assertTrue(message.contains("kafka.bootstrap.servers"));
        assertEquals("localhost:9092",
                ExecutorSettings.from(with("kafka.bootstrap.servers", "localhost:9092")).requireBootstrapServers());
    }

    @Test
    void effectiveSettingsNameEveryKey() {
        assertEquals(ExecutorSettings.KEYS.size(), ExecutorSettings.from(MINIMAL).effective().size());
        assertTrue(ExecutorSettings.from(MINIMAL).effective().keySet().containsAll(ExecutorSettings.KEYS));
    }

    @Test
    void kuredsRemainingOptionsDefaultAsKuredDoesWithAFiniteRebootTimeout() {
        ExecutorSettings s = ExecutorSettings.from(MINIMAL);

        assertEquals(Duration.ZERO, s.drainDelay());
        assertTrue(s.drainPodSelector().selectsEverything());
        assertEquals(Duration.ZERO, s.skipWaitForDeleteTimeout());
        assertTrue(s.deleteEmptyDirData());
        assertTrue(s.deletePodsWithoutController());
        assertFalse(s.forceReboot());
        assertEquals(Map.of(), s.preRebootNodeLabels());
        assertEquals(Map.of(), s.postRebootNodeLabels());
        assertFalse(s.annotateNodes());
        assertEquals("", s.preferNoScheduleTaint());
        assertEquals(Duration.ZERO, s.rebootDelay());
        assertEquals(ExecutorSettings.RebootMethod.COMMAND, s.rebootMethod());
        assertEquals(39, s.rebootSignal());
        assertEquals(Duration.ofMinutes(10), s.rebootTimeout());
        assertTrue(s.nodeEvents());
    }

    @Test
    void kuredsFlagValuesCarryOver() {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("kreboot.executor.drain-delay", "30s");
        props.put("kreboot.executor.drain-pod-selector", "app in (web,api),!critical");
        props.put("kreboot.executor.skip-wait-for-delete-timeout", "2m");
        props.put("kreboot.executor.delete-emptydir-data", "false");
        props.put("kreboot.executor.delete-pods-without-controller", "false");
        props.put("kreboot.executor.force-reboot", "true");
        props.put("kreboot.executor.pre-reboot-node-labels", "reboot=pending, example.com/maintenance=true");
        props.put("kreboot.executor.post-reboot-node-labels", "reboot=done");
        props.put("kreboot.executor.annotate-nodes", "true");
        props.put("kreboot.executor.prefer-no-schedule-taint", "weave.works/kured-node-reboot");
        props.put("kreboot.executor.reboot-delay", "1m");
        props.put("kreboot.executor.reboot-method", "signal");
        props.put("kreboot.executor.reboot-signal", "15");
        props.put("kreboot.executor.reboot-timeout", "PT20M");
        props.put("kreboot.executor.node-events", "false");

        ExecutorSettings s = ExecutorSettings.from(props);

        assertEquals(Duration.ofSeconds(30), s.drainDelay());
        assertTrue(s.drainPodSelector().matches(Map.of("app", "api")));
        assertFalse(s.drainPodSelector().matches(Map.of("app", "api", "critical", "yes")));
        assertEquals(Duration.ofMinutes(2), s.skipWaitForDeleteTimeout());
        assertFalse(s.deleteEmptyDirData());
        assertFalse(s.deletePodsWithoutController());
        assertTrue(s.forceReboot());
        assertEquals(Map.of("reboot", "pending", "example.com/maintenance", "true"), s.preRebootNodeLabels());
        assertEquals(Map.of("reboot", "done"), s.postRebootNodeLabels());
        assertTrue(s.annotateNodes());
        assertEquals("weave.works/kured-node-reboot", s.preferNoScheduleTaint());
        assertEquals(Duration.ofMinutes(1), s.rebootDelay());
        assertEquals(ExecutorSettings.RebootMethod.SIGNAL, s.rebootMethod());
        assertEquals(15, s.rebootSignal());
        assertEquals(Duration.ofMinutes(20), s.rebootTimeout());
        assertFalse(s.nodeEvents());
        assertEquals("signal", s.effective().get("kreboot.executor.reboot-method"));
        assertTrue(ExecutorSettings.KEYS.containsAll(props.keySet()));
    }

    @Test
    void invalidKuredOptionsFailNamingTheirKey() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("kreboot.executor.drain-delay", "-5s");
        bad.put("kreboot.executor.drain-pod-selector", "app in web");
        bad.put("kreboot.executor.skip-wait-for-delete-timeout", "soon");
        bad.put("kreboot.executor.delete-emptydir-data", "yes");
        bad.put("kreboot.executor.delete-pods-without-controller", "1");
        bad.put("kreboot.executor.force-reboot", "maybe");
        bad.put("kreboot.executor.pre-reboot-node-labels", "reboot");
        bad.put("kreboot.executor.post-reboot-node-labels", "bad key=x");
        bad.put("kreboot.executor.annotate-nodes", "on");
        bad.put("kreboot.executor.prefer-no-schedule-taint", "not a key");
        bad.put("kreboot.executor.reboot-delay", "later");
        bad.put("kreboot.executor.reboot-method", "kexec");
        bad.put("kreboot.executor.reboot-signal", "65");
        bad.put("kreboot.executor.reboot-timeout", "0");
        bad.put("kreboot.executor.node-events", "sometimes");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            String message = failure(with(e.getKey(), e.getValue()));
            assertTrue(message.contains(e.getKey()), e.getKey() + "=" + e.getValue() + " gave: " + message);
        }
    }

    @Test
    void apiRetriesAreBoundedAndConfigurable() {
        ExecutorSettings defaults = ExecutorSettings.from(MINIMAL);
        assertEquals(4, defaults.apiRetries());
        assertEquals(Duration.ofMillis(200), defaults.apiRetryBackoff());

        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put("kreboot.executor.api-retries", "0");
        props.put("kreboot.executor.api-retry-backoff", "1s");
        ExecutorSettings s = ExecutorSettings.from(props);
        assertEquals(0, s.apiRetries());
        assertEquals(Duration.ofSeconds(1), s.apiRetryBackoff());

        for (String[] bad : new String[][] {{"kreboot.executor.api-retries", "-1"}, {"kreboot.executor.api-retries", "21"},
                {"kreboot.executor.api-retries", "many"}, {"kreboot.executor.api-retry-backoff", "0"}}) {
            String message = failure(with(bad[0], bad[1]));
            assertTrue(message.contains(bad[0]), bad[0] + "=" + bad[1] + " gave: " + message);
        }
    }
}
