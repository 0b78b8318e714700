package dev.kreboot.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The dashboard and the alert rules reference only series the services export. */
class MetricsReferencesTest {

    private static final Path DASHBOARD = Chart.repoDir().resolve("deploy/grafana/kreboot.json");

    @Test
    void metricNamesAreReadFromTheServicesSources() {
        Set<String> series = ExportedMetrics.seriesNames(Chart.repoDir());
        assertTrue(series.contains("kured_reboot_required"), series::toString);
        assertTrue(series.contains("kreboot_coordinator_slots_in_use"), series::toString);
        assertTrue(series.contains("kreboot_dlq_messages_total"), series::toString);
        assertTrue(series.contains("kreboot_kafka_send_seconds_count"), series::toString);
        assertFalse(series.contains("kreboot_coordinator_slots_in_use_total"), "a gauge has no _total");
        for (ExportedMetrics.Meter meter : ExportedMetrics.meters(Chart.repoDir())) {
            assertTrue(meter.kind() != ExportedMetrics.Kind.UNKNOWN,
                    () -> meter.source() + "." + meter.constant() + ": Javadoc should start with Counter, Timer or Gauge");
        }
    }

    @Test
    void promqlReferencesIgnoreFunctionsLabelsAndRanges() {
        assertEquals(Set.of("a_total", "b_seconds_sum"), ExportedMetrics.referencedMetrics(
                "sum by (node, pod) (rate(a_total{phase=\"X\", y=~\"z\"}[$__rate_interval])) / on(pod) "
                        + "b_seconds_sum offset 5m > 0 unless vector(0)"));
    }

    @Test
    void dashboardParsesAndUsesOnlyExportedMetrics() {
        @SuppressWarnings("unchecked")
        Map<String, Object> dashboard = Serialization.unmarshal(Chart.read(DASHBOARD), Map.class);
        assertEquals("kreboot", dashboard.get("title"));

        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
        assertTrue(expressions.size() >= 10, () -> "too few queries: " + expressions);

        Set<String> exported = ExportedMetrics.seriesNames(Chart.repoDir());
        Map<String, Set<String>> unknown = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (String expr : expressions) {
            Set<String> referenced = ExportedMetrics.referencedMetrics(expr);
            assertFalse(referenced.isEmpty(), () -> "a query without a metric: " + expr);
            used.addAll(referenced);
            for (String name : referenced) {
                if (!exported.contains(name)) {
                    unknown.computeIfAbsent(name, k -> new TreeSet<>()).add(expr);
                }
            }
        }
        assertEquals(Map.of(), unknown, "dashboard metrics the services do not export");
        // The panels the issue asks for.
        assertTrue(used.containsAll(Set.of("kured_reboot_required", "kreboot_coordinator_slots_in_use",
                "kreboot_executor_drain_seconds_sum", "kreboot_coordinator_decisions_total")), used::toString);
        assertTrue(expressions.stream().anyMatch(e -> e.contains("REBOOTING")), "a reboot annotation query");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> annotations = (List<Map<String, Object>>) ((Map<String, Object>) dashboard
                .get("annotations")).get("list");
        assertTrue(annotations.stream().map(a -> a.get("target")).filter(Map.class::isInstance)
                        .map(t -> ((Map<?, ?>) t).get("tags")).anyMatch(tags -> tags instanceof List<?> l && l.contains("kreboot")),
                "the notifier's Grafana annotations (tag kreboot) as a timeline of reboot regions");
    }

    @Test
    void alertRulesUseOnlyExportedMetrics() {
        Chart.Rendered r = Chart.render(Chart.sets("prometheusRule.create", "true"));
        GenericKubernetesResource rule = r.custom("PrometheusRule").get(0);
        List<String> expressions = new ArrayList<>();
        Set<String> alerts = new TreeSet<>();
        collectRules(rule.getAdditionalProperties().get("spec"), expressions, alerts);

        assertTrue(alerts.containsAll(Set.of("KrebootRebootRequiredTooLong", "KrebootNodeStuck", "KrebootRolloutPaused",
                "KrebootDeadLettersGrowing")), alerts::toString);
        Set<String> exported = ExportedMetrics.seriesNames(Chart.repoDir());
        for (String expr : expressions) {
            Set<String> referenced = ExportedMetrics.referencedMetrics(expr);
            assertFalse(referenced.isEmpty(), expr);
            assertTrue(exported.containsAll(referenced), () -> "unknown metric in alert " + expr + ": " + referenced);
        }
    }

    /**
     * Prometheus's own parser, when {@code promtool} is installed (Debian package {@code
     * prometheus}): every alert and every dashboard query, the latter as recording rules.
     */
    @Test
    void alertsAndDashboardQueriesParseWithPromtool(@TempDir Path dir) throws Exception {
        Path promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(promtool != null, "promtool not installed");

        GenericKubernetesResource rule = Chart.render(Chart.sets("prometheusRule.create", "true"))
                .custom("PrometheusRule").get(0);
        Path alerts = dir.resolve("alerts.yml");
        Files.writeString(alerts, Serialization.asYaml(rule.getAdditionalProperties().get("spec")));

        @SuppressWarnings("unchecked")
        Map<String, Object> dashboard = Serialization.unmarshal(Chart.read(DASHBOARD), Map.class);
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
        List<Map<String, String>> records = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            // Grafana fills in $__rate_interval; any range does for parsing.
            records.add(Map.of("record", "dashboard:query" + i, "expr", expressions.get(i).replace("$__rate_interval", "5m")));
        }
        Path queries = dir.resolve("dashboard.yml");
        Files.writeString(queries, Serialization.asYaml(Map.of("groups", List.of(Map.of("name", "dashboard",
                "rules", records)))));

        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", alerts.toString(), queries.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, check.exitValue(), output);
    }

    @SuppressWarnings("unchecked")
    private static void collectExpressions(Object node, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("expr".equals(k) && v instanceof String s) {
                    out.add(s);
                } else {
                    collectExpressions(v, out);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectExpressions(item, out));
        }
    }

    private static void collectRules(Object node, List<String> expressions, Set<String> alerts) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("alert") instanceof String alert) {
                alerts.add(alert);
            }
            map.forEach((k, v) -> {
                if ("expr".equals(k) && v instanceof String s) {
                    expressions.add(s);
                } else {
                    collectRules(v, expressions, alerts);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectRules(item, expressions, alerts));
        }
    }
}
