package dev.kreboot.coordinator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.domain.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySpecMappingTest {
    private static final PolicySpecMapping.Capabilities NODES = new PolicySpecMapping.Capabilities(true, false,
            Duration.ofSeconds(30), false);
    private static final PolicySpecMapping.Capabilities NO_NODES = new PolicySpecMapping.Capabilities(false, false,
            Duration.ofSeconds(30), false);

    @Test
    void aFullSpecMapsOntoTheSamePolicyAsTheEquivalentEnvironment() {
        Map<String, Object> spec = Map.of(
                "concurrency", "20%",
                "budgets", List.of(Map.of("max", 1, "groupBy", "topology.kubernetes.io/zone"),
                        Map.of("max", "0", "schedule", "0 9 * * 1-5", "duration", "8h", "timeZone", "Europe/Berlin",
                                "excludeDates", List.of("2026-12-24"))),
                "window", Map.of("days", List.of("mo", "tu", "fr"), "startTime", "22:00", "endTime", "04:00",
                        "timeZone", "Europe/Berlin", "drainMargin", "30m"),
                "maxNotReady", 2,
                "deadlines", Map.of("drain", "1h", "reboot", "15m", "ready", "20m"),
                "soakTime", "5m", "canary", true, "maxConsecutiveFailures", 3, "dryRun", true, "paused", true);
        PolicySpecMapping.Mapped mapped = PolicySpecMapping.map(spec, NODES);
        Map<String, String> env = new HashMap<>(Map.of("kreboot.cluster", "c", "kafka.bootstrap.servers", "k:9092",
                "kreboot.concurrency", "20%", "kreboot.watch-nodes", "true", "kreboot.reboot-days", "mo,tu,fr",
                "kreboot.start-time", "22:00", "kreboot.end-time", "04:00", "kreboot.time-zone", "Europe/Berlin"));
        env.putAll(Map.of("kreboot.drain-window-margin", "30m", "kreboot.max-not-ready", "2",
                "kreboot.drain-deadline", "1h", "kreboot.reboot-deadline", "15m", "kreboot.ready-deadline", "20m",
                "kreboot.soak-time", "5m", "kreboot.canary", "true", "kreboot.max-consecutive-failures", "3",
                "kreboot.dry-run", "true"));
        env.putAll(Map.of("kreboot.budgets.0.max", "1", "kreboot.budgets.0.group-by", "topology.kubernetes.io/zone",
                "kreboot.budgets.1.max", "0", "kreboot.budgets.1.schedule", "0 9 * * 1-5",
                "kreboot.budgets.1.duration", "8h", "kreboot.budgets.1.time-zone", "Europe/Berlin",
                "kreboot.budgets.1.exclude-dates", "2026-12-24"));
        Policy fromEnv = CoordinatorSettings.from(env).policy().withPorts(false, false);
        Policy fromSpec = mapped.policy();
        assertTrue(mapped.paused());
        assertEquals(fromEnv.budgets().toString(), fromSpec.budgets().toString());
        assertEquals(fromEnv.window().toString(), fromSpec.window().toString());
        assertEquals(fromEnv.drainMargin(), fromSpec.drainMargin());
        assertEquals(fromEnv.maxNotReady().toString(), fromSpec.maxNotReady().toString());
        assertEquals(fromEnv.deadlines(), fromSpec.deadlines());
        assertEquals(fromEnv.soak(), fromSpec.soak());
        assertEquals(fromEnv.canary(), fromSpec.canary());
        assertEquals(fromEnv.maxConsecutiveFailures(), fromSpec.maxConsecutiveFailures());
        assertEquals(fromEnv.dryRun(), fromSpec.dryRun());
        Instant christmasMorning = Instant.parse("2026-12-24T09:30:00Z");
        assertFalse(fromSpec.budgets().get(2).activeAt(christmasMorning), "excluded date honoured");
        assertTrue(fromSpec.budgets().get(2).activeAt(Instant.parse("2026-12-23T09:30:00Z")));
    }

    @Test
    void anEmptySpecIsTheBuiltInDefaultNotTheEnvironment() {
        PolicySpecMapping.Mapped mapped = PolicySpecMapping.map(null, NO_NODES);
        Policy p = mapped.policy();
        assertEquals("[1]", p.budgets().toString());
        assertEquals(Duration.ofHours(2), p.deadlines().drain());
        assertEquals(Duration.ofMinutes(30), p.deadlines().reboot());
        assertNull(p.maxNotReady());
        assertFalse(mapped.paused());
        assertFalse(p.dryRun());
        assertTrue(p.window().contains(Instant.parse("2026-12-06T03:00:00Z")), "always open");
    }

    @Test
    void theCapabilitiesOfTheDeploymentAreCarriedIntoThePolicy() {
        Policy p = PolicySpecMapping.map(Map.of(), new PolicySpecMapping.Capabilities(false, true,
                Duration.ofSeconds(45), true)).policy();
        assertTrue(p.blockerChecks());
        assertTrue(p.healthQuery());
        assertEquals(Duration.ofSeconds(45), p.blockerMaxAge());
    }

    @Test
    void everyBadValueIsRefusedNamingItsField() {
        assertRefused(Map.of("concurrency", "0"), "spec.concurrency", "positive count");
        assertRefused(Map.of("concurrency", "150%"), "spec.concurrency", "percentage");
        assertRefused(Map.of("concurrency", true), "spec.concurrency", "must be a string");
        assertRefused(Map.of("budgets", List.of(Map.of("groupBy", "zone"))), "spec.budgets[0].max", "required");
        assertRefused(Map.of("budgets", List.of(Map.of("max", 1), Map.of("max", "0"))), "spec.budgets[1].max",
                "schedule");
        assertRefused(Map.of("budgets", List.of(Map.of("max", 1, "schedule", "0 9 * *", "duration", "1h"))),
                "spec.budgets[0].schedule", "5 fields");
        assertRefused(Map.of("budgets", List.of(Map.of("max", 1, "schedule", "0 9 * * *"))),
                "spec.budgets[0].duration", "required with a schedule");
        assertRefused(Map.of("budgets", List.of(Map.of("max", 1, "duration", "1h"))), "spec.budgets[0].duration",
                "schedule");
        assertRefused(Map.of("budgets", List.of(Map.of("max", 1, "schedule", "0 9 * * *", "duration", "1h",
                "timeZone", "Mars/Olympus"))), "spec.budgets[0].timeZone", "time zone");
        assertRefused(Map.of("budgets", List.of(Map.of("max", 1, "schedule", "0 9 * * *", "duration", "1h",
                "excludeDates", List.of("2026-02-30")))), "spec.budgets[0].excludeDates[0]", "date");
        assertRefused(Map.of("budgets", "all"), "spec.budgets", "list");
        assertRefused(Map.of("window", Map.of("days", List.of("mo", "funday"))), "spec.window.days", "funday");
        assertRefused(Map.of("window", Map.of("startTime", "25:00")), "spec.window.startTime", "25:00");
        assertRefused(Map.of("window", Map.of("endTime", "noon")), "spec.window.endTime", "noon");
        assertRefused(Map.of("window", Map.of("timeZone", "Nowhere/Land")), "spec.window.timeZone", "Nowhere/Land");
        assertRefused(Map.of("window", Map.of("drainMargin", "ten minutes")), "spec.window.drainMargin", "duration");
        assertRefused(Map.of("deadlines", Map.of("drain", "-1h")), "spec.deadlines.drain", "duration");
        assertRefused(Map.of("deadlines", Map.of("sleep", "1h")), "spec.deadlines.sleep", "not a RebootPolicy field");
        assertRefused(Map.of("soakTime", List.of()), "spec.soakTime", "duration");
        assertRefused(Map.of("canary", "yes"), "spec.canary", "true or false");
        assertRefused(Map.of("maxConsecutiveFailures", -1), "spec.maxConsecutiveFailures", "at least 0");
        assertRefused(Map.of("maxConsecutiveFailures", 1.5), "spec.maxConsecutiveFailures", "whole number");
        assertRefused(Map.of("concurency", 2), "spec.concurency", "not a RebootPolicy field");
        assertRefused("not an object", "spec", "must be an object");
    }

    @Test
    void whatThisDeploymentCannotEnforceIsRefusedRatherThanSilentlyIgnored() {
        assertRefused(Map.of("budgets", List.of(Map.of("max", 1, "groupBy", "topology.kubernetes.io/zone"))),
                "spec.budgets[0].groupBy", "watch Nodes", NO_NODES);
        assertRefused(Map.of("maxNotReady", "10%"), "spec.maxNotReady", "watch Nodes", NO_NODES);
        assertEquals("10%", PolicySpecMapping.map(Map.of("maxNotReady", "10%"), NODES).policy().maxNotReady()
                .toString());
    }

    @Test
    void blockersAndTheHealthGateMapOntoTheSameChoicesAsTheEnvironmentKeys() {
        Map<String, Object> spec = Map.of("blockers", Map.of(
                        "prometheus", Map.of("url", "http://prometheus.monitoring:9090", "alertFilterRegexp",
                                "^(Watchdog|Info)", "alertFilterMatchOnly", false, "alertFiringOnly", true,
                                "alertNodeLabel", "node"),
                        "podSelectors", List.of("app=backup", " job in (etl, report) ")),
                "healthGate", Map.of("query", "up{node=\"$node\"} == 0"));
        PolicySpecMapping.Mapped mapped = PolicySpecMapping.map(spec, NODES);
        CoordinatorSettings.Blockers env = CoordinatorSettings.from(Map.of("kreboot.cluster", "c",
                "kafka.bootstrap.servers", "k:9092", "kreboot.prometheus-url", "http://prometheus.monitoring:9090",
                "kreboot.alert-filter-regexp", "^(Watchdog|Info)", "kreboot.alert-firing-only", "true",
                "kreboot.alert-node-label", "node", "kreboot.blocking-pod-selector",
                "app=backup; job in (etl, report) ", "kreboot.health-query", "up{node=\"$node\"} == 0"))
                .blockers();
        PolicySpecMapping.Alerts alerts = mapped.adapters().blockers().alerts();
        assertEquals(env.prometheusUrl(), alerts.url());
        assertEquals(env.alertFilter().pattern(), alerts.filter().pattern());
        assertEquals(env.alertFilterMatchOnly(), alerts.matchOnly());
        assertEquals(env.alertFiringOnly(), alerts.firingOnly());
        assertEquals(env.alertNodeLabel(), alerts.nodeLabel());
        assertEquals(env.podSelectors(), mapped.adapters().blockers().podSelectors());
        assertEquals(env.healthQuery(), mapped.adapters().health().query());
        assertEquals(env.prometheusUrl(), mapped.adapters().health().prometheusUrl(),
                "the health gate queries the alert blocker's Prometheus unless told otherwise");
        assertTrue(mapped.policy().blockerChecks(), "a grant now needs a fresh clear verdict");
        assertTrue(mapped.policy().healthQuery());
    }

    @Test
    void absentBlockersKeepTheEnvironmentsAdaptersAndAnEmptyObjectSwitchesThemOff() {
        PolicySpecMapping.Capabilities envHasBoth = new PolicySpecMapping.Capabilities(false, true,
                Duration.ofSeconds(30), true);
        PolicySpecMapping.Mapped silent = PolicySpecMapping.map(Map.of("concurrency", 2), envHasBoth);
        assertEquals(PolicySpecMapping.Adapters.ENVIRONMENT, silent.adapters());
        assertTrue(silent.policy().blockerChecks(), "a resource that never mentions blockers keeps them");
        assertTrue(silent.policy().healthQuery());
        PolicySpecMapping.Mapped off = PolicySpecMapping.map(Map.of("blockers", Map.of(), "healthGate", Map.of()),
                envHasBoth);
        assertFalse(off.adapters().blockers().any());
        assertFalse(off.adapters().health().on());
        assertFalse(off.policy().blockerChecks(), "no blocker left: a grant no longer waits for a verdict");
        assertFalse(off.policy().healthQuery());
        PolicySpecMapping.Mapped gateOwnUrl = PolicySpecMapping.map(Map.of("healthGate", Map.of("query", "x",
                "prometheusUrl", "https://thanos.example:443/prom")), NO_NODES);
        assertEquals("https://thanos.example:443/prom", gateOwnUrl.adapters().health().prometheusUrl());
        assertNull(gateOwnUrl.adapters().blockers(), "only the gate was given: the blockers stay the environment's");
        assertFalse(gateOwnUrl.policy().blockerChecks());
    }

    @Test
    void everyBadBlockerOrHealthGateValueIsRefusedNamingItsField() {
        assertRefused(Map.of("blockers", "prometheus"), "spec.blockers", "must be an object");
        assertRefused(Map.of("blockers", Map.of("alerts", Map.of())), "spec.blockers.alerts",
                "not a RebootPolicy field");
        assertRefused(Map.of("blockers", Map.of("prometheus", Map.of())), "spec.blockers.prometheus.url",
                "is required");
        assertRefused(Map.of("blockers", Map.of("prometheus", Map.of("url", "prometheus:9090"))),
                "spec.blockers.prometheus.url", "http(s) URL");
        assertRefused(Map.of("blockers", Map.of("prometheus", Map.of("url", "http://p:9090",
                "alertFilterRegexp", "(Watchdog"))), "spec.blockers.prometheus.alertFilterRegexp",
                "not a regular expression");
        assertRefused(Map.of("blockers", Map.of("prometheus", Map.of("url", "http://p:9090",
                "alertFiringOnly", "yes"))), "spec.blockers.prometheus.alertFiringOnly", "true or false");
        assertRefused(Map.of("blockers", Map.of("prometheus", Map.of("url", "http://p:9090",
                "alertNodeLabel", "kubernetes.io/hostname"))), "spec.blockers.prometheus.alertNodeLabel",
                "label name");
        assertRefused(Map.of("blockers", Map.of("prometheus", Map.of("url", "http://p:9090", "match", true))),
                "spec.blockers.prometheus.match", "not a RebootPolicy field");
        assertRefused(Map.of("blockers", Map.of("podSelectors", "app=backup")), "spec.blockers.podSelectors",
                "list");
        assertRefused(Map.of("blockers", Map.of("podSelectors", List.of("app=a", " "))),
                "spec.blockers.podSelectors[1]", "label selector");
        assertRefused(Map.of("blockers", Map.of("podSelectors", List.of("app=a;app=b"))),
                "spec.blockers.podSelectors[0]", "own list item");
        assertRefused(Map.of("healthGate", Map.of("query", "up == 0")), "spec.healthGate.prometheusUrl",
                "required with spec.healthGate.query");
        assertRefused(Map.of("healthGate", Map.of("prometheusUrl", "http://p:9090")),
                "spec.healthGate.prometheusUrl", "only means something with spec.healthGate.query");
        assertRefused(Map.of("healthGate", Map.of("query", "x", "prometheusUrl", "ftp://p")),
                "spec.healthGate.prometheusUrl", "http(s) URL");
        assertRefused(Map.of("healthGate", Map.of("query", 7.5, "prometheusUrl", "http://p:9090")),
                "spec.healthGate.query", "must be a string");
        assertRefused(Map.of("healthGate", Map.of("promql", "x")), "spec.healthGate.promql",
                "not a RebootPolicy field");
    }

    private static void assertRefused(Object spec, String field, String hint) {
        assertRefused(spec, field, hint, NODES);
    }

    private static void assertRefused(Object spec, String field, String hint, PolicySpecMapping.Capabilities can) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicySpecMapping.map(spec, can),
                spec::toString);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage() + " should mention " + hint);
    }
}
