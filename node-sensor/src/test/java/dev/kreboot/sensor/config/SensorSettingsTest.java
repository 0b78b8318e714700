package dev.kreboot.sensor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SensorSettingsTest {
    private static final Map<String, String> NO_ENV = Map.of();

    private static Map<String, String> minimal(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                SensorSettings.NODE_NAME, "worker-1",
                SensorSettings.CLUSTER, "prod-eu"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return props;
    }

    private static String failure(Map<String, String> props) {
        return assertThrows(IllegalArgumentException.class, () -> SensorSettings.from(props, NO_ENV)).getMessage();
    }

    @Test
    void appliesKuredsDefaultsForEverythingButTheNodeAndCluster() {
        SensorSettings settings = SensorSettings.from(minimal(), NO_ENV);

        assertEquals("worker-1", settings.nodeName());
        assertEquals("prod-eu", settings.cluster());
        assertEquals("local", settings.instance());
        assertEquals("", settings.topicPrefix());
        assertNull(settings.bootstrapServers());
        assertTrue(settings.createTopics());
        assertEquals(Path.of("/var/run/reboot-required"), settings.sentinel());
        assertEquals(Path.of("/var/run/reboot-required.pkgs"), settings.packagesFile());
        assertEquals(Path.of("/proc/sys/kernel/random/boot_id"), settings.bootIdFile());
        assertEquals(Path.of("/proc/sys/kernel/osrelease"), settings.osReleaseFile());
        assertEquals(Duration.ofMinutes(5), settings.period());
        assertEquals(100, settings.maxPackages());
    }

    @Test
    void readsEveryKey() {
        SensorSettings settings = SensorSettings.from(minimal(
                SensorSettings.INSTANCE, "sensor-abc",
                SensorSettings.TOPIC_PREFIX, "prod-eu.",
                SensorSettings.BOOTSTRAP_SERVERS, "kafka:9092",
                SensorSettings.CREATE_TOPICS, "false",
                SensorSettings.SENTINEL, "/host/run/reboot-required",
                SensorSettings.PACKAGES_FILE, "/host/run/reboot-required.pkgs",
                SensorSettings.BOOT_ID_FILE, "/host/proc/boot_id",
                SensorSettings.OS_RELEASE_FILE, "/host/proc/osrelease",
                SensorSettings.PERIOD, "1h",
                SensorSettings.MAX_PACKAGES, "7"), NO_ENV);

        assertEquals("sensor-abc", settings.instance());
        assertEquals("prod-eu.", settings.topicPrefix());
        assertEquals("kafka:9092", settings.requireBootstrapServers());
        assertFalse(settings.createTopics());
        assertEquals(Path.of("/host/run/reboot-required"), settings.sentinel());
        assertEquals(Path.of("/host/run/reboot-required.pkgs"), settings.packagesFile());
        assertEquals(Path.of("/host/proc/boot_id"), settings.bootIdFile());
        assertEquals(Path.of("/host/proc/osrelease"), settings.osReleaseFile());
        assertEquals(Duration.ofHours(1), settings.period());
        assertEquals(7, settings.maxPackages());
    }

    @Test
    void takesTheNodeNameFromNodeNameAndTheInstanceFromHostnameLikeADaemonSetPod() {
        Map<String, String> props = new HashMap<>(Map.of(SensorSettings.CLUSTER, "prod-eu"));

        SensorSettings settings = SensorSettings.from(props, Map.of("NODE_NAME", "ip-10-0-1-7.ec2.internal",
                "HOSTNAME", "kreboot-node-sensor-x7k2p"));

        assertEquals("ip-10-0-1-7.ec2.internal", settings.nodeName());
        assertEquals("kreboot-node-sensor-x7k2p", settings.instance());
    }

    @Test
    void prefersTheExplicitKeyOverTheEnvironment() {
        SensorSettings settings = SensorSettings.from(minimal(), Map.of("NODE_NAME", "other"));

        assertEquals("worker-1", settings.nodeName());
    }

    @Test
    void failsNamingTheKeyWhenTheNodeNameIsMissing() {
        Map<String, String> props = minimal();
        props.remove(SensorSettings.NODE_NAME);

        assertTrue(failure(props).contains("kreboot.node-name"));
    }

    @Test
    void failsNamingTheKeyWhenTheClusterIsMissing() {
        Map<String, String> props = minimal();
        props.remove(SensorSettings.CLUSTER);

        assertTrue(failure(props).contains("kreboot.cluster"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Worker-1", "worker_1", "-worker", "worker-", "worker..1", "", " "})
    void rejectsNodeNamesKubernetesWouldNot(String name) {
        String message = failure(minimal(SensorSettings.NODE_NAME, name));

        assertTrue(message.contains("kreboot.node-name"), message);
    }

    @Test
    void rejectsANodeNameLongerThan253Characters() {
        String name = ("a".repeat(63) + ".").repeat(4) + "a";

        assertTrue(failure(minimal(SensorSettings.NODE_NAME, name)).contains("kreboot.node-name"));
    }

    @ParameterizedTest
    @CsvSource({
            "5m, PT5M",
            "30s, PT30S",
            "1h, PT1H",
            "1h30m, PT1H30M",
            "1.5h, PT1H30M",
            "250ms, PT0.25S",
            "PT10S, PT10S",
            "pt2m, PT2M"})
    void parsesPeriodsInKuredsAndIsoSyntax(String text, String expected) {
        SensorSettings settings = SensorSettings.from(minimal(SensorSettings.PERIOD, text), NO_ENV);

        assertEquals(Duration.parse(expected), settings.period());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5 m", "m", "0s", "PT0S", "-5m", "PT-5M", "5d", "soon"})
    void rejectsPeriodsThatAreNotPositiveDurations(String text) {
        String message = failure(minimal(SensorSettings.PERIOD, text));

        assertTrue(message.contains("kreboot.sensor.period"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "many", "10001"})
    void rejectsBadPackageCaps(String text) {
        assertTrue(failure(minimal(SensorSettings.MAX_PACKAGES, text)).contains("kreboot.sensor.max-packages"));
    }

    @Test
    void rejectsATopicPrefixKafkaWouldNot() {
        assertTrue(failure(minimal(SensorSettings.TOPIC_PREFIX, "prod/eu")).contains("kreboot.topic-prefix"));
    }

    @Test
    void rejectsACreateTopicsFlagThatIsNotABoolean() {
        assertTrue(failure(minimal(SensorSettings.CREATE_TOPICS, "yes")).contains("kreboot.create-topics"));
    }

    @Test
    void namesTheBootstrapKeyWhenTheKafkaSinkNeedsItAndItIsMissing() {
        SensorSettings settings = SensorSettings.from(minimal(), NO_ENV);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, settings::requireBootstrapServers);
        assertTrue(e.getMessage().contains("kafka.bootstrap.servers"));
    }
}
