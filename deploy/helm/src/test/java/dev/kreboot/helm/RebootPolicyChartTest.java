package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.name;
import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.RebootPolicies;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The RebootPolicy CRD as the chart renders it, the coordinator's least-privilege grants on it,
 * and the schema's patterns checked against values the coordinator accepts and refuses. (No API
 * server runs here, so the CEL rules are checked for presence, not evaluated.)
 */
class RebootPolicyChartTest {
    private static final String CRD = RebootPolicies.PLURAL + "." + RebootPolicies.GROUP;

    @Test
    void theCrdIsRenderedClusterScopedWithAStatusSubresourceAndPrinterColumns() {
        CustomResourceDefinition crd = Chart.render(Map.of()).get(CustomResourceDefinition.class, CRD);
        assertEquals("Cluster", crd.getSpec().getScope());
        assertEquals(RebootPolicies.GROUP, crd.getSpec().getGroup());
        assertEquals(RebootPolicies.KIND, crd.getSpec().getNames().getKind());
        assertEquals("keep", crd.getMetadata().getAnnotations().get("helm.sh/resource-policy"),
                "uninstalling the chart must not delete every policy");
        assertEquals("kreboot", crd.getMetadata().getLabels().get("app.kubernetes.io/name"));
        CustomResourceDefinitionVersion v = version(crd);
        assertTrue(v.getServed() && v.getStorage());
        assertNotNull(v.getSubresources().getStatus(), "status subresource: the coordinator may write only status");
        assertEquals(List.of(".status.paused", ".status.summary.needingReboot", ".status.summary.inProgress",
                        ".status.summary.allowedNow", ".status.summary.blocked",
                        ".status.conditions[?(@.type==\"Ready\")].status", ".metadata.creationTimestamp"),
                v.getAdditionalPrinterColumns().stream().map(c -> c.getJsonPath()).toList());
    }

    @Test
    void theRenderedCrdIsTheShippedFileSoKubectlApplyAndHelmInstallTheSameSchema() {
        CustomResourceDefinition rendered = Chart.render(Map.of()).get(CustomResourceDefinition.class, CRD);
        CustomResourceDefinition file = Serialization.unmarshal(Chart.read(Chart.chartDir()
                .resolve(Path.of("files", CRD + ".yaml"))), CustomResourceDefinition.class);
        assertEquals(file.getSpec(), rendered.getSpec());
    }

    @Test
    void theCrdCanBeLeftToSomeoneElse() {
        Chart.Rendered r = Chart.render(sets("coordinator.rebootPolicy.installCRD", "false"));
        assertTrue(r.find(CustomResourceDefinition.class, CRD).isEmpty());
        assertEquals("default", coordinatorEnv(r).get("KREBOOT_POLICY_RESOURCE"), "still watched");
    }

    @Test
    void theCoordinatorMayReadTheNamedPolicyAndWriteOnlyItsStatus() {
        Chart.Rendered r = Chart.render(sets("coordinator.rebootPolicy.name", "fleet",
                "coordinator.rebootPolicy.statusPeriod", "15s", "coordinator.rebootPolicy.statusMaxNodes", "250"));
        List<PolicyRule> rules = r.get(ClusterRole.class, name("coordinator")).getRules().stream()
                .filter(rule -> rule.getApiGroups().contains(RebootPolicies.GROUP)).toList();
        assertEquals(2, rules.size(), rules.toString());
        for (PolicyRule rule : rules) {
            assertEquals(List.of("fleet"), rule.getResourceNames(), "only the policy it is told to watch");
        }
        assertEquals(List.of("get", "list", "watch"), rules.get(0).getVerbs());
        assertEquals(List.of(RebootPolicies.PLURAL), rules.get(0).getResources());
        assertEquals(List.of("update"), rules.get(1).getVerbs(), "status: update, no patch, no spec writes");
        assertEquals(List.of(RebootPolicies.PLURAL + "/status"), rules.get(1).getResources());
        Map<String, String> env = coordinatorEnv(r);
        assertEquals("fleet", env.get("KREBOOT_POLICY_RESOURCE"));
        assertEquals("15s", env.get("KREBOOT_POLICY_STATUS_PERIOD"));
        assertEquals("250", env.get("KREBOOT_POLICY_STATUS_MAX_NODES"));
    }

    @Test
    void aStatusNodeCapTheCoordinatorWouldRefuseIsRefusedAtInstall() {
        Chart.assertRefusedNaming("statusMaxNodes", "coordinator.rebootPolicy.statusMaxNodes", "9999");
        Chart.assertRefusedNaming("statusMaxNodes", "coordinator.rebootPolicy.statusMaxNodes", "-1");
        Chart.assertRefusedNaming("statusMaxNodes", "coordinator.rebootPolicy.statusMaxNodes", "many");
        assertEquals("0", coordinatorEnv(Chart.render(sets("coordinator.rebootPolicy.statusMaxNodes", "0")))
                .get("KREBOOT_POLICY_STATUS_MAX_NODES"), "0 lists no node, only the counts");
    }

    @Test
    void switchedOffTheCoordinatorNeitherWatchesNorMayReadPolicies() {
        Chart.Rendered r = Chart.render(sets("coordinator.rebootPolicy.enabled", "false"));
        assertEquals("", coordinatorEnv(r).get("KREBOOT_POLICY_RESOURCE"));
        assertFalse(r.get(ClusterRole.class, name("coordinator")).getRules().stream()
                .anyMatch(rule -> rule.getApiGroups().contains(RebootPolicies.GROUP)));
        assertFalse(coordinatorEnv(Chart.render(Map.of())).containsKey("KREBOOT_POLICY_STATUS_PERIOD"),
                "unset: the coordinator's default");
        assertFalse(coordinatorEnv(Chart.render(Map.of())).containsKey("KREBOOT_POLICY_STATUS_MAX_NODES"),
                "unset: the coordinator's default");
    }

    @Test
    void theApiTokenSecretIsMountedAndNamedToTheCoordinator() {
        assertFalse(coordinatorEnv(Chart.render(Map.of())).containsKey("KREBOOT_API_TOKEN_FILE"),
                "no Secret: the API stays read-only");
        Chart.Rendered r = Chart.render(sets("coordinator.api.existingSecret", "kreboot-api",
                "coordinator.api.key", "api-token"));
        assertEquals("/etc/kreboot/api/api-token", coordinatorEnv(r).get("KREBOOT_API_TOKEN_FILE"));
        io.fabric8.kubernetes.api.model.PodSpec pod = r.get(Deployment.class, name("coordinator")).getSpec()
                .getTemplate().getSpec();
        io.fabric8.kubernetes.api.model.Volume volume = pod.getVolumes().stream()
                .filter(v -> "api-token".equals(v.getName())).findFirst().orElseThrow();
        assertEquals("kreboot-api", volume.getSecret().getSecretName());
        assertEquals("api-token", volume.getSecret().getItems().get(0).getKey());
        assertTrue(ChartRenderTest.container(pod).getVolumeMounts().stream().anyMatch(m -> "api-token"
                .equals(m.getName()) && "/etc/kreboot/api".equals(m.getMountPath()) && Boolean.TRUE
                .equals(m.getReadOnly())));
    }

    @Test
    void theSchemaPatternsAcceptWhatTheCoordinatorAcceptsAndRejectTheRest() {
        JSONSchemaProps spec = version(Chart.render(Map.of()).get(CustomResourceDefinition.class, CRD)).getSchema()
                .getOpenAPIV3Schema().getProperties().get("spec");
        Map<String, JSONSchemaProps> p = spec.getProperties();
        check(p.get("concurrency"), List.of("1", "12", "20%", "100%"), List.of("0", "0%", "101%", "-1", "two", "1.5"));
        JSONSchemaProps budget = p.get("budgets").getItems().getSchema();
        assertEquals(List.of("max"), budget.getRequired());
        assertEquals(3, budget.getXKubernetesValidations().size(), "schedule/duration, needs-schedule, freeze rules");
        check(budget.getProperties().get("max"), List.of("0", "3", "50%"), List.of("-1", "0%", "x"));
        check(budget.getProperties().get("groupBy"), List.of("topology.kubernetes.io/zone", "pool", "agentpool"),
                List.of("", "a b", "-bad", "x/"));
        check(budget.getProperties().get("schedule"), List.of("0 9 * * 1-5", "*/15 * * * *"),
                List.of("0 9 * *", "@daily", ""));
        check(budget.getProperties().get("duration"), List.of("8h", "1h30m", "PT8H"), List.of("8", "eight hours", ""));
        check(budget.getProperties().get("excludeDates").getItems().getSchema(), List.of("2026-12-24"),
                List.of("24.12.2026", "2026-1-2"));
        Map<String, JSONSchemaProps> w = p.get("window").getProperties();
        check(w.get("days").getItems().getSchema(), List.of("mo", "sunday", "0", "6", "sat"),
                List.of("7", "funday", "Mo", ""));
        for (String time : List.of("startTime", "endTime")) {
            check(w.get(time), List.of("0:00", "22:00", "23:59:59", "03:04pm", "15", "3pm"),
                    List.of("24:00", "25", "13pm", "noon", "22:60"));
        }
        check(w.get("timeZone"), List.of("UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5"),
                List.of("", "Europe Berlin", "/UTC"));
        check(w.get("drainMargin"), List.of("0", "30m", "90s", "PT30M"), List.of("-5m", "30", "half an hour"));
        for (String d : List.of("drain", "reboot", "ready")) {
            check(p.get("deadlines").getProperties().get(d), List.of("2h", "0", "45m"), List.of("2 h", "-1h"));
        }
        check(p.get("soakTime"), List.of("0", "5m"), List.of("5 minutes"));
        check(p.get("maxNotReady"), List.of("1", "10%"), List.of("ten", "-1"));
        assertEquals(0.0, p.get("maxConsecutiveFailures").getMinimum().doubleValue());
        assertEquals("integer", p.get("maxConsecutiveFailures").getType());
        assertEquals("boolean", p.get("paused").getType());
        assertEquals("boolean", p.get("dryRun").getType());
        assertEquals("boolean", p.get("canary").getType());
        assertTrue(Boolean.TRUE.equals(p.get("concurrency").getXKubernetesIntOrString()));
        assertFalse(p.get("concurrency").getXKubernetesValidations().isEmpty(), "an integer 0 is refused by CEL");
    }

    @Test
    void theBlockersAndTheHealthGateHaveTheEnvironmentsValidation() {
        JSONSchemaProps spec = version(Chart.render(Map.of()).get(CustomResourceDefinition.class, CRD)).getSchema()
                .getOpenAPIV3Schema().getProperties().get("spec");
        JSONSchemaProps blockers = spec.getProperties().get("blockers");
        assertEquals("object", blockers.getType());
        JSONSchemaProps prometheus = blockers.getProperties().get("prometheus");
        assertEquals(List.of("url"), prometheus.getRequired(), "an alert blocker needs its Prometheus");
        Map<String, JSONSchemaProps> alerts = prometheus.getProperties();
        List<String> goodUrls = List.of("http://prometheus.monitoring:9090", "https://thanos.example/prom",
                "http://10.0.0.7:9090/");
        List<String> badUrls = List.of("prometheus:9090", "ftp://p", "http://", "http:// x", "");
        check(alerts.get("url"), goodUrls, badUrls);
        check(alerts.get("alertNodeLabel"), List.of("node", "instance_name", "_x"),
                List.of("kubernetes.io/hostname", "1node", "", "no de"));
        assertEquals("string", alerts.get("alertFilterRegexp").getType(), "compiled by the coordinator");
        assertEquals("boolean", alerts.get("alertFilterMatchOnly").getType());
        assertEquals("boolean", alerts.get("alertFiringOnly").getType());
        JSONSchemaProps selectors = blockers.getProperties().get("podSelectors");
        assertEquals("array", selectors.getType());
        check(selectors.getItems().getSchema(), List.of("app=backup", "job in (etl, report)", "!batch"),
                List.of("", "  ", "app=a;app=b"));
        JSONSchemaProps gate = spec.getProperties().get("healthGate");
        assertEquals("string", gate.getProperties().get("query").getType());
        assertEquals(1L, gate.getProperties().get("query").getMinLength(), "{} switches off; \"\" is a mistake");
        check(gate.getProperties().get("prometheusUrl"), goodUrls, badUrls);
        assertEquals(1, gate.getXKubernetesValidations().size(), "prometheusUrl needs query");
        assertTrue(spec.getXKubernetesValidations().stream().anyMatch(v -> v.getRule().contains("healthGate.query")
                && v.getRule().contains("blockers.prometheus")), "a query needs a Prometheus URL from somewhere");
    }

    /** The API server matches patterns unanchored (RE2); each pattern here carries its own anchors. */
    private static void check(JSONSchemaProps field, List<String> good, List<String> bad) {
        assertNotNull(field.getPattern(), field.toString());
        Pattern pattern = Pattern.compile(field.getPattern());
        for (String g : good) {
            assertTrue(pattern.matcher(g).find(), () -> "'" + g + "' should pass " + field.getPattern());
        }
        for (String b : bad) {
            assertFalse(pattern.matcher(b).find(), () -> "'" + b + "' should fail " + field.getPattern());
        }
    }

    private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
        assertEquals(1, crd.getSpec().getVersions().size());
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        assertEquals(RebootPolicies.VERSION, v.getName());
        return v;
    }

    private static Map<String, String> coordinatorEnv(Chart.Rendered r) {
        return ChartRenderTest.values(r.pod("coordinator"));
    }
}
