package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.name;
import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart sets only settings the services read. Every {@code KREBOOT_*} and {@code KAFKA_*}
 * variable a workload gets must name a settings key that appears as a string literal in that
 * service's sources (Micronaut maps {@code KREBOOT_EXECUTOR_DRAIN_TIMEOUT} to {@code
 * kreboot.executor.drain-timeout}), or be listed in {@link #PLANNED} with the service that should
 * read it. The render sets every option, so every variable the chart can produce is checked.
 */
class ServiceSettingsTest {

    /**
     * Variables no literal settings key in the sources matches. KAFKA_* are read, but generically
     * (every kafka.* setting goes to the Kafka clients through KafkaClients.of). Variables the
     * service's logback.xml reads (KREBOOT_LOG_FORMAT) count as read.
     */
    static final Map<String, Set<String>> PLANNED = Map.of(
            "node-sensor", Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                    "KAFKA_SASL_JAAS_CONFIG"),
            "executor", Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                    "KAFKA_SASL_JAAS_CONFIG"),
            "coordinator", Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                    "KAFKA_SASL_JAAS_CONFIG"),
            "notifier", Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                    "KAFKA_SASL_JAAS_CONFIG"));

    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("<key>(KREBOOT_[A-Z0-9_]+)</key>");
    private static final Pattern KEY_LITERAL = Pattern.compile("\"((?:kreboot|kafka)\\.[a-z0-9.-]+)\"");

    @Test
    void everyVariableTheChartSetsIsASettingTheServiceReadsOrIsPlanned() {
        Chart.Rendered everything = Chart.render(Chart.kuredValues(), sets(
                "configuration.rebootSentinelCommand", "test -f /var/run/reboot-required",
                "configuration.rebootSignal", "39", "configuration.slackUsername", "kured",
                "configuration.slackChannel", "#ops", "configuration.drainPodSelector", "app!=db",
                "configuration.forceReboot", "true", "configuration.alertFilterMatchOnly", "true",
                "kreboot.topicPrefix", "prod.", "kreboot.deadlines.drain", "1h", "kreboot.deadlines.reboot", "20m",
                "kreboot.deadlines.ready", "20m", "kreboot.drainWindowMargin", "30m", "kreboot.canary", "true",
                "kreboot.maxConsecutiveFailures", "2", "kreboot.dryRun", "true",
                "kreboot.healthGates.maxNotReady", "1", "kreboot.healthGates.healthQuery", "up == 0",
                "kreboot.healthGates.alertNodeLabel", "node", "kreboot.healthGates.blockerPeriod", "15s",
                "kreboot.budgets[0].max", "1", "kreboot.budgets[0].groupBy", "zone", "kreboot.budgets[0].schedule", "0 2 * * *",
                "kreboot.budgets[0].duration", "2h", "kreboot.budgets[0].timeZone", "UTC",
                "kreboot.budgets[0].excludeDates[0]", "2026-12-24",
                "kafka.securityProtocol", "SASL_SSL", "kafka.saslMechanism", "SCRAM-SHA-512",
                "kafka.credentials.username", "u", "kafka.credentials.password", "p",
                "secrets.signing.existingSecret", "signing", "secrets.signing.keyId", "k1",
                "nodeSensor.maxPackages", "50", "nodeSensor.commandTimeout", "30s",
                "executor.evictionRetryInterval", "2s", "executor.pollInterval", "2s", "executor.nsenterPrefix", "nsenter -t1 -m --",
                "executor.rebootTimeout", "15m", "executor.readyTimeout", "15m", "executor.deleteEmptyDirData", "true",
                "executor.deletePodsWithoutController", "true", "executor.nodeEvents", "true",
                "notifier.events", "progress.*", "notifier.groupId", "n", "notifier.webhookTimeout", "5s",
                "notifier.initialBackoff", "1s", "notifier.maxBackoff", "1m",
                "notifier.grafana.url", "https://grafana.example.com", "notifier.grafana.existingSecret", "grafana",
                "notifier.webhooks.existingSecret", "hooks", "configuration.slackHookUrl", "https://hooks.slack.com/y",
                "wire.format", "registry", "wire.registry.url", "http://registry:8080", "wire.registry.autoRegister", "true",
                "wire.registry.credentials.existingSecret", "registry", "wire.registry.credentials.username", "u"));
        Chart.Rendered withToken = Chart.render(Chart.kuredValues(), sets(
                "wire.format", "registry", "wire.registry.url", "http://registry:8080",
                "wire.registry.credentials.existingSecret", "registry"));

        Map<String, Set<String>> unread = new TreeMap<>();
        Map<String, Set<String>> plannedSeen = new TreeMap<>();
        for (String component : List.of("node-sensor", "executor", "coordinator", "notifier")) {
            Set<String> keys = keyLiterals(component);
            Set<String> variables = new TreeSet<>(variables(everything, component));
            variables.addAll(variables(withToken, component));
            for (String variable : variables) {
                if (keys.stream().anyMatch(key -> matches(key, variable)) || keys.contains(variable)) {
                    continue;
                }
                (PLANNED.get(component).contains(variable) ? plannedSeen : unread)
                        .computeIfAbsent(component, c -> new TreeSet<>()).add(variable);
            }
        }
        System.out.println("chart variables no service reads yet (planned): " + plannedSeen);
        assertEquals(Map.of(), unread, "variables the chart sets that the service does not read and that are not planned");
    }

    @Test
    void settingsKeysMapToEnvironmentVariablesTheMicronautWay() {
        assertTrue(matches("kreboot.executor.drain-timeout", "KREBOOT_EXECUTOR_DRAIN_TIMEOUT"));
        assertTrue(matches("kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS"));
        assertTrue(matches("kreboot.budgets.", "KREBOOT_BUDGETS_0_GROUP_BY"), "a prefix key covers indexed keys");
        assertTrue(!matches("kreboot.executor.drain-timeout", "KREBOOT_EXECUTOR_DRAIN"));
    }

    static boolean matches(String key, String variable) {
        String normalized = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return key.endsWith(".") ? variable.startsWith(normalized) : variable.equals(normalized);
    }

    private static Set<String> variables(Chart.Rendered r, String component) {
        PodSpec pod = r.pod(component);
        Set<String> names = new TreeSet<>();
        for (EnvVar var : ChartRenderTest.container(pod).getEnv()) {
            if (var.getName().startsWith("KREBOOT_") || var.getName().startsWith("KAFKA_")) {
                names.add(var.getName());
            }
        }
        return names;
    }

    private static final Map<String, Set<String>> KEYS = new HashMap<>();

    /**
     * Settings every service reads through a class of the schemas module: the wire format and
     * registry keys ({@code WireSettings.KEYS}, which each service's factory reads with
     * {@code WireSettings.read}).
     */
    static final Path SHARED_SETTINGS = Path.of("schemas/src/main/java/dev/kreboot/schemas/wire/WireSettings.java");

    private static synchronized Set<String> keyLiterals(String module) {
        return KEYS.computeIfAbsent(module, m -> {
            Set<String> keys = new TreeSet<>();
            try (Stream<Path> files = Files.walk(Chart.repoDir().resolve(m).resolve("src/main/java"))) {
                List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
                List<Path> read = new java.util.ArrayList<>(sources);
                // Only a module that reads WireSettings.KEYS from its configuration reads the shared keys.
                if (sources.stream().anyMatch(f -> Chart.read(f).contains("WireSettings.read("))) {
                    read.add(Chart.repoDir().resolve(SHARED_SETTINGS));
                }
                read.forEach(f -> {
                    Matcher matcher = KEY_LITERAL.matcher(Chart.read(f));
                    while (matcher.find()) {
                        keys.add(matcher.group(1));
                    }
                });
                // Logging is configured before any settings exist: logback.xml reads its variables itself.
                Matcher logback = LOGBACK_VARIABLE.matcher(
                        Chart.read(Chart.repoDir().resolve(m).resolve("src/main/resources/logback.xml")));
                while (logback.find()) {
                    keys.add(logback.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return keys;
        });
    }
}
