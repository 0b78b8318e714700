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
}
