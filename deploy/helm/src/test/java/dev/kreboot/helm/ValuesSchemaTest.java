package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart checks its values before rendering anything (values.schema.json) and refuses kured
 * keys it does not take with what to use instead (templates/_validate.tpl): a kured user's values
 * file never goes through with a setting silently dropped.
 */
class ValuesSchemaTest {
    private static final String KURED_ONLY = "kured chart key that kreboot does not take";

    private static JsonNode schema() {
        return new JsonMapper().readTree(Chart.chartDir().resolve("values.schema.json").toFile());
    }

    private static String failure(Path values, Map<String, String> sets) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.render(values, sets),
                () -> "expected the chart to refuse " + values + " " + sets);
        return e.getMessage();
    }

    @Test
    void refusesAKuredUsersValuesFileNamingEachKeyThatDoesNotApplyAndWhatToUseInstead() {
        String message = failure(Chart.kuredValuesAsIs(), Map.of());
        List<String> problems = message.lines().filter(l -> l.contains(": a kured ")).toList();
        assertEquals(List.of("containerSecurityContext", "extraEnvVars", "image"),
                problems.stream().map(l -> l.substring(0, l.indexOf(':'))).toList(), message);
        assertTrue(message.contains("image: a kured chart key kreboot does not take; kreboot runs four images: "
                + "set nodeSensor.image, executor.image, coordinator.image and notifier.image"), message);
        assertTrue(message.contains("set nodeSensor.extraEnvVars, executor.extraEnvVars"), message);
        assertTrue(message.contains("containerSecurityContext: a kured chart key kreboot does not take; kreboot sets "
                + "each container's security context itself"), message);
        assertTrue(message.contains("docs/migrating-from-kured.md"), message);
    }

    @Test
    void rendersAKuredUsersValuesAfterTheAdviceWithEveryKuredSettingApplied() {
        // helm-java's lint takes no values file; the schema and _validate.tpl run on template as on install.
        String yaml = Chart.render(Chart.kuredValues(), Map.of()).yaml();
        // A sample from each service of the kured keys that remain (ServiceSettingsTest checks them all).
        for (String env : List.of("KREBOOT_CONCURRENCY", "KREBOOT_REBOOT_DAYS", "KREBOOT_PROMETHEUS_URL",
                "KREBOOT_EXECUTOR_DRAIN_TIMEOUT", "KREBOOT_EXECUTOR_PRE_REBOOT_NODE_LABELS", "KREBOOT_SENSOR_PERIOD")) {
            assertTrue(yaml.contains("name: " + env), env + " rendered from the kured values");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "configuration.concurency, configuration, concurrency",
        "resourcse.limits.cpu, (root), nodeSensor",
        "nodeSensor.resouces.limits.cpu, nodeSensor, resources",
        "kafka.bootstrapServer, kafka, bootstrapServers",
        "kreboot.deadlines.drian, kreboot.deadlines, drain",
    })
    void refusesAMisspeltKeyNamingItAndTheKeysThatExist(String typo, String block, String existing) {
        String key = typo.split("\\.")[block.equals("(root)") ? 0 : block.split("\\.").length];
        String message = failure(null, sets(typo, "1"));
        assertTrue(message.contains("Property name of \"" + key + "\" does not match"), message);
        assertTrue(message.contains("- " + block + ": "), message);
        assertTrue(message.contains("must be one of the following") && message.contains("\"" + existing + "\""),
                message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "configuration.rebootMethod, reboot, configuration.rebootMethod",
        "wire.format, json, wire.format",
        "coordinator.replicas, two, coordinator.replicas",
        "notifier.enabled, maybe, notifier.enabled",
        "kafka.securityProtocol, TLS, kafka.securityProtocol",
        "configuration.logFormat, xml, configuration.logFormat",
    })
    void refusesAValueOfTheWrongTypeOrOutsideItsChoicesNamingTheKey(String key, String value, String named) {
        String message = failure(null, sets(key, value));
        assertTrue(message.contains(named), message);
    }

    @Test
    void refusesEveryKuredOnlyKeyTheSchemaAcceptsWithAdviceAndLetsAnEmptyOnePass(@TempDir Path dir)
            throws Exception {
        JsonNode root = schema().path("properties");
        List<String> kuredOnly = new ArrayList<>();
        root.properties().forEach(p -> {
            if (p.getValue().path("description").asString("").startsWith(KURED_ONLY)) {
                kuredOnly.add(p.getKey());
            }
        });
        root.path("configuration").path("properties").properties().forEach(p -> {
            if (p.getValue().path("description").asString("").startsWith(KURED_ONLY)) {
                kuredOnly.add("configuration." + p.getKey());
            }
        });
        assertTrue(kuredOnly.containsAll(List.of("image", "resources", "extraArgs", "extraEnvVars",
                "containerSecurityContext", "configuration.metricsHost")), kuredOnly.toString());
        for (String key : kuredOnly) {
            String message = failure(null, sets(key + ".x", "set"));
            assertTrue(message.contains("\n" + key + ": a kured "), key + ": " + message);
            String advice = message.substring(message.indexOf("\n" + key + ": ") + 1).lines().findFirst().orElseThrow();
            assertTrue(advice.contains("; ") && advice.length() > key.length() + 40, "advice for " + key + ": " + advice);
        }
        Path empty = dir.resolve("empty-kured-keys.yaml");
        Files.writeString(empty, "resources: {}\nextraArgs: {}\nextraEnvVars: []\nvolumes: []\nconfiguration:\n"
                + "  metricsHost: \"\"\n");
        Chart.render(empty, Map.of());
    }

    /**
     * values.yaml, the schema's properties and each block's propertyNames list the same keys, so a
     * value added in one place and not the others fails here with the path (Helm itself refuses a
     * default the schema does not list, on every install).
     */
    @Test
    void listsEveryValueOfValuesYamlInItsBlockAndNothingElse() throws Exception {
        JsonNode values = new YAMLMapper().readTree(Files.readString(Chart.chartDir().resolve("values.yaml")));
        List<String> problems = new ArrayList<>();
        compare("", values, schema(), problems);
        assertEquals(List.of(), problems);
    }

    private static void compare(String path, JsonNode values, JsonNode schema, List<String> problems) {
        JsonNode properties = schema.path("properties");
        if (properties.isMissingNode()) {
            return; // a free-form map (nodeSelector, resources, ...) or a scalar
        }
        Set<String> declared = new LinkedHashSet<>();
        properties.properties().forEach(p -> declared.add(p.getKey()));
        Set<String> names = new LinkedHashSet<>();
        schema.path("propertyNames").path("enum").forEach(n -> names.add(n.asString()));
        if (!declared.equals(names)) {
            problems.add((path.isEmpty() ? "(root)" : path) + ": propertyNames " + names + " != properties " + declared);
        }
        Set<String> inValues = new TreeSet<>();
        values.properties().forEach(p -> inValues.add(p.getKey()));
        Set<String> undeclared = inValues.stream().filter(k -> !declared.contains(k))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!undeclared.isEmpty()) {
            problems.add((path.isEmpty() ? "(root)" : path) + ": in values.yaml, not in the schema: " + undeclared);
        }
        for (String key : declared) {
            JsonNode sub = properties.path(key);
            boolean kuredOnly = sub.path("description").asString("").startsWith(KURED_ONLY);
            if (!kuredOnly && !values.has(key)) {
                problems.add(path + key + ": in the schema, not in values.yaml (every value has its default there)");
            } else if (values.has(key) && values.get(key).isObject()) {
                compare(path + key + ".", values.get(key), sub, problems);
            }
        }
    }
}
