package dev.kreboot.sensor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
        assertEquals("local-" + SensorSettings.PROCESS_TAG, settings.instance());
        assertEquals("", settings.topicPrefix());
        assertNull(settings.bootstrapServers());
        assertTrue(settings.createTopics());
        assertEquals(Path.of("/var/run/reboot-required"), settings.sentinel());
        assertEquals(Path.of("/var/run/reboot-required.pkgs"), settings.packagesFile());
        assertEquals(Path.of("/proc/sys/kernel/random/boot_id"), settings.bootIdFile());
        assertEquals(Path.of("/proc/sys/kernel/osrelease"), settings.osReleaseFile());
        assertEquals(Duration.ofMinutes(5), settings.period());
        assertEquals(100, settings.maxPackages());
        assertFalse(settings.commandMode());
        assertEquals(List.of(), settings.sentinelCommand());
        assertEquals(List.of("nsenter", "-m/proc/1/ns/mnt", "--"), settings.commandPrefix());
        assertEquals(Duration.ofSeconds(60), settings.commandTimeout());
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
        assertTrue(settings.instance().matches("kreboot-node-sensor-x7k2p-[0-9a-f]{8}"), settings.instance());
    }

    @Test
    void givesEverySensorProcessItsOwnDefaultInstanceButKeepsItWithinTheProcess() {
        Map<String, String> env = Map.of("HOSTNAME", "kreboot-node-sensor-x7k2p");

        SensorSettings first = SensorSettings.from(minimal(), env);
        SensorSettings again = SensorSettings.from(minimal(), env);

        assertEquals("kreboot-node-sensor-x7k2p-" + SensorSettings.PROCESS_TAG, first.instance());
        assertEquals(first.instance(), again.instance());
        assertEquals("pinned", SensorSettings.from(minimal(SensorSettings.INSTANCE, "pinned"), env).instance());
    }

    @Test
    void readsTheCommandModeKeysWithShellQuoting() {
        SensorSettings settings = SensorSettings.from(minimal(
                SensorSettings.COMMAND, "sh -c 'test -e \"/var/run/reboot required\"' \"a b\" c\\ d",
                SensorSettings.COMMAND_PREFIX, "",
                SensorSettings.COMMAND_TIMEOUT, "90s"), NO_ENV);

        assertTrue(settings.commandMode());
        assertEquals(List.of("sh", "-c", "test -e \"/var/run/reboot required\"", "a b", "c d"),
                settings.sentinelCommand());
        assertEquals(List.of(), settings.commandPrefix());
        assertEquals(Duration.ofSeconds(90), settings.commandTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh -c 'unterminated", "echo \"open", "trailing\\"})
    void rejectsACommandWithUnbalancedQuotingNamingTheKey(String command) {
        assertTrue(failure(minimal(SensorSettings.COMMAND, command)).contains("kreboot.sensor.command"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "soon"})
    void rejectsACommandTimeoutThatIsNotAPositiveDuration(String timeout) {
        assertTrue(failure(minimal(SensorSettings.COMMAND_TIMEOUT, timeout)).contains("kreboot.sensor.command-timeout"));
    }

    @Test
    void acceptsKuredsEnvironmentVariablesAsAliases() {
        Map<String, String> props = new HashMap<>(Map.of(SensorSettings.CLUSTER, "prod-eu"));

        SensorSettings settings = SensorSettings.from(props, Map.of(
                "KURED_NODE_ID", "worker-9",
                "KURED_REBOOT_SENTINEL", "/host/var/run/reboot-required",
                "KURED_REBOOT_SENTINEL_COMMAND", "/usr/bin/needs-restarting -r",
                "KURED_PERIOD", "1h"));

        assertEquals("worker-9", settings.nodeName());
        assertEquals(Path.of("/host/var/run/reboot-required"), settings.sentinel());
        assertEquals(List.of("/usr/bin/needs-restarting", "-r"), settings.sentinelCommand());
        assertEquals(Duration.ofHours(1), settings.period());
    }

    @Test
    void letsKrebootKeysWinOverKuredsEnvironmentVariables() {
        SensorSettings settings = SensorSettings.from(minimal(
                SensorSettings.SENTINEL, "/kreboot/sentinel",
                SensorSettings.COMMAND, "",
                SensorSettings.PERIOD, "2m"), Map.of(
                "KURED_NODE_ID", "kured-node",
                "NODE_NAME", "downward-node",
                "KURED_REBOOT_SENTINEL", "/kured/sentinel",
                "KURED_REBOOT_SENTINEL_COMMAND", "kured-command",
                "KURED_PERIOD", "1h"));

        assertEquals("worker-1", settings.nodeName());
        assertEquals(Path.of("/kreboot/sentinel"), settings.sentinel());
        assertFalse(settings.commandMode(), "an explicitly empty kreboot command keeps file mode");
        assertEquals(Duration.ofMinutes(2), settings.period());
    }

    @Test
    void prefersNodeNameOverKuredsNodeId() {
        Map<String, String> props = new HashMap<>(Map.of(SensorSettings.CLUSTER, "prod-eu"));

        SensorSettings settings = SensorSettings.from(props, Map.of("KURED_NODE_ID", "kured-node",
                "NODE_NAME", "downward-node"));

        assertEquals("downward-node", settings.nodeName());
    }

    @Test
    void namesKuredsPeriodVariableThroughItsKeyWhenInvalid() {
        Map<String, String> props = new HashMap<>(minimal());

        String message = assertThrows(IllegalArgumentException.class,
                () -> SensorSettings.from(props, Map.of("KURED_PERIOD", "often"))).getMessage();

        assertTrue(message.contains("kreboot.sensor.period"), message);
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
