package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.name;
import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege, checked on every render the chart can produce from the values under test: the
 * grants are flattened to {@code apiGroup/resource:verb} triples and compared with the exact set
 * issue 8 lists per service.
 */
class RbacTest {

    static Stream<Arguments> renders() {
        return Stream.of(
                Arguments.of("defaults", Chart.render(Map.of())),
                Arguments.of("kured user's values", Chart.render(Chart.kuredValues(), Map.of())),
                Arguments.of("every option on", Chart.render(sets("configuration.notifyUrl", "https://hooks.example.com/x",
                        "metrics.create", "true", "prometheusRule.create", "true", "kafka.strimziTopics.create", "true",
                        "networkPolicy.enabled", "true", "secrets.signing.existingSecret", "signing",
                        "kafka.credentials.username", "u", "kafka.credentials.password", "p"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void noWildcardVerbsResourcesOrApiGroups(String label, Chart.Rendered r) {
        for (PolicyRule rule : rules(r)) {
            for (List<String> field : List.of(rule.getVerbs(), rule.getResources(), rule.getApiGroups())) {
                assertFalse(field.contains("*"), () -> label + ": wildcard in " + rule);
            }
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty(), () -> label + ": " + rule);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void executorMayOnlyCordonDrainAndReport(String label, Chart.Rendered r) {
        assertEquals(Set.of(
                        "/nodes:get", "/nodes:patch",
                        "/pods:list", "/pods:get", "/pods:delete",
                        "/pods/eviction:create",
                        "/events:create"),
                grants(r.get(ClusterRole.class, name("executor")).getRules()), label);
        assertBoundTo(r, name("executor"), "ClusterRole", name("executor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void coordinatorMayWatchNodesListPodsHoldItsLeaseAndReport(String label, Chart.Rendered r) {
        assertEquals(Set.of("/nodes:list", "/nodes:watch", "/pods:list", "/events:create",
                        "kreboot.dev/rebootpolicies:get", "kreboot.dev/rebootpolicies:list",
                        "kreboot.dev/rebootpolicies:watch", "kreboot.dev/rebootpolicies/status:update"),
                grants(r.get(ClusterRole.class, name("coordinator")).getRules()), label);
        Role leases = r.get(Role.class, name("coordinator"));
        assertEquals(Chart.NAMESPACE, leases.getMetadata().getNamespace());
        assertEquals(Set.of("coordination.k8s.io/leases:create", "coordination.k8s.io/leases:get",
                "coordination.k8s.io/leases:update"), grants(leases.getRules()), label);
        PolicyRule named = leases.getRules().stream().filter(rule -> rule.getVerbs().contains("update")).findFirst()
                .orElseThrow();
        assertEquals(List.of(name("coordinator")), named.getResourceNames(), "get/update only its own Lease");
        Map<String, String> env = ChartRenderTest.values(r.pod("coordinator"));
        assertEquals(named.getResourceNames().get(0), env.get("KREBOOT_LEADER_ELECTION_LEASE_NAME"), "the coordinator is told that name");
        assertBoundTo(r, name("coordinator"), "ClusterRole", name("coordinator"));
        assertBoundTo(r, name("coordinator"), "Role", name("coordinator"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void sensorAndNotifierHaveNoApiAccess(String label, Chart.Rendered r) {
        assertEquals(Set.of(name("executor"), name("coordinator")), boundAccounts(r), label);
        assertEquals(Set.of(name("executor"), name("coordinator")),
                new TreeSet<>(Stream.concat(r.all(ClusterRole.class).stream(), r.all(Role.class).stream())
                        .map(o -> o.getMetadata().getName()).toList()), label + ": roles");

        PodSpec sensor = r.pod("node-sensor");
        assertEquals(Boolean.FALSE, sensor.getAutomountServiceAccountToken(), label);
        assertEquals(Boolean.FALSE, r.get(ServiceAccount.class, name("node-sensor")).getAutomountServiceAccountToken());
        r.find(Deployment.class, name("notifier")).ifPresent(notifier -> {
            assertEquals(Boolean.FALSE, notifier.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken());
            assertEquals(Boolean.FALSE, r.get(ServiceAccount.class, name("notifier")).getAutomountServiceAccountToken());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyWorkloadRunsUnderItsOwnServiceAccount(String label, Chart.Rendered r) {
        Set<String> accounts = new TreeSet<>();
        r.all(DaemonSet.class).forEach(d -> accounts.add(d.getSpec().getTemplate().getSpec().getServiceAccountName()));
        r.all(Deployment.class).forEach(d -> accounts.add(d.getSpec().getTemplate().getSpec().getServiceAccountName()));
        assertEquals(r.all(DaemonSet.class).size() + r.all(Deployment.class).size(), accounts.size(), label);
        assertFalse(accounts.contains("default"), label);
    }

    private static List<PolicyRule> rules(Chart.Rendered r) {
        return Stream.concat(r.all(ClusterRole.class).stream().flatMap(c -> c.getRules().stream()),
                r.all(Role.class).stream().flatMap(c -> c.getRules().stream())).toList();
    }

    /** Each rule flattened to "group/resource:verb". */
    static Set<String> grants(List<PolicyRule> rules) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return grants;
    }

    private static Set<String> boundAccounts(Chart.Rendered r) {
        Set<String> accounts = new TreeSet<>();
        r.all(ClusterRoleBinding.class).forEach(b -> b.getSubjects().forEach(s -> accounts.add(account(s))));
        r.all(RoleBinding.class).forEach(b -> b.getSubjects().forEach(s -> accounts.add(account(s))));
        return accounts;
    }

    private static String account(Subject subject) {
        assertEquals("ServiceAccount", subject.getKind());
        assertEquals(Chart.NAMESPACE, subject.getNamespace());
        return subject.getName();
    }

    private static void assertBoundTo(Chart.Rendered r, String account, String roleKind, String roleName) {
        boolean bound = Stream.concat(
                r.all(ClusterRoleBinding.class).stream().filter(b -> roleKind.equals(b.getRoleRef().getKind())
                        && roleName.equals(b.getRoleRef().getName())).flatMap(b -> b.getSubjects().stream()),
                r.all(RoleBinding.class).stream().filter(b -> roleKind.equals(b.getRoleRef().getKind())
                        && roleName.equals(b.getRoleRef().getName())).flatMap(b -> b.getSubjects().stream()))
                .anyMatch(s -> account.equals(s.getName()));
        assertTrue(bound, () -> account + " is not bound to " + roleKind + "/" + roleName);
        assertNotEquals("default", account);
    }
}
