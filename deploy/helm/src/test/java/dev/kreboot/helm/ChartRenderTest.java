package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.name;
import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import dev.kreboot.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChartRenderTest {

    @Test
    void lintsCleanWithDefaultValues() {
        LintResult lint = new Helm(Chart.chartDir()).lint().strict().call();
        assertFalse(lint.isFailed(), () -> "helm lint --strict: " + lint.getMessages());
    }

    @Test
    void defaultValuesRenderTheFourWorkloadsAsTypedObjects() {
        Chart.Rendered r = Chart.render(Map.of());

        assertTrue(r.objects().stream().noneMatch(o -> o instanceof GenericKubernetesResource),
                () -> "only core kinds by default, got " + r.names());
        assertEquals(Set.of(name("node-sensor"), name("executor")),
                r.all(DaemonSet.class).stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet()));
        assertEquals(Set.of(name("coordinator")),
                r.all(Deployment.class).stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet()),
                "no notifier without a webhook URL (kured's notifyUrl defaults to empty)");
        // Without kafka.bootstrapServers the chart runs its own Kafka: a StatefulSet, its headless
        // and bootstrap Services, its ConfigMap and the topics Job (KafkaChartTest has the rest).
        assertEquals(Set.of(name("kafka")), r.all(StatefulSet.class).stream().map(s -> s.getMetadata().getName())
                .collect(Collectors.toSet()));
        assertEquals(5, r.all(Service.class).size());
        assertEquals(3, Chart.render(sets("kafka.bootstrapServers", "kafka:9092")).all(Service.class).size(),
                "with your Kafka, only the services' own");
        assertTrue(r.all(Secret.class).isEmpty(), "no inline secrets by default");
        for (HasMetadata o : r.objects()) {
            assertNotNull(o.getMetadata().getName(), o::toString);
        }
    }

    @Test
    void everyFieldOfEveryTypedObjectIsKnownToTheKubernetesModel() {
        List<Chart.Rendered> renders = List.of(Chart.render(Map.of()), Chart.render(Chart.kuredValues(), Map.of()),
                Chart.render(sets("configuration.rebootMethod", "signal", "configuration.rebootSentinelCommand", "test -f /var/run/reboot-required",
                        "configuration.notifyUrl", "https://hooks.example.com/x", "networkPolicy.enabled", "true",
                        "secrets.signing.existingSecret", "signing", "kafka.credentials.username", "u",
                        "notifier.grafana.existingSecret", "grafana")));
        for (Chart.Rendered r : renders) {
            for (HasMetadata o : r.objects()) {
                assertEquals(List.of(), UnknownFields.in(o), () -> o.getKind() + "/" + o.getMetadata().getName());
            }
        }
    }

    @Test
    void unknownFieldCheckFindsAMisspeltField() {
        DaemonSet misspelt = io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: c
                          securityContext: {readOnlyRootFileSystem: true}
                """, DaemonSet.class);
        List<String> found = UnknownFields.in(misspelt);
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).contains("readOnlyRootFileSystem"), found::toString);
    }

    @Test
    void daemonSetsRunOnLinuxNodesOnlyAndTolerateTheControlPlaneByDefault() {
        Chart.Rendered r = Chart.render(Map.of());
        for (String component : List.of("node-sensor", "executor")) {
            PodSpec pod = r.pod(component);
            assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getNodeSelector(), component);
            assertEquals(Set.of("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"),
                    pod.getTolerations().stream().map(Toleration::getKey).collect(Collectors.toSet()), component);
            assertTrue(pod.getTolerations().stream().allMatch(t -> "NoSchedule".equals(t.getEffect())), component);
        }
    }

    @Test
    void userTolerationsReplaceTheControlPlaneDefault() {
        Chart.Rendered r = Chart.render(sets("tolerations[0].key", "dedicated", "tolerations[0].operator", "Exists"));
        PodSpec pod = r.pod("executor");
        assertEquals(List.of("dedicated"), pod.getTolerations().stream().map(Toleration::getKey).toList());
    }

    @Test
    void coordinatorRunsTwoReplicasUnderADisruptionBudgetNamedByPod() {
        Chart.Rendered r = Chart.render(Map.of());
        Deployment coordinator = r.get(Deployment.class, name("coordinator"));
        assertEquals(2, coordinator.getSpec().getReplicas());

        PodDisruptionBudget pdb = r.get(PodDisruptionBudget.class, name("coordinator"));
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
        assertEquals(coordinator.getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());

        EnvVar instance = env(container(coordinator.getSpec().getTemplate().getSpec())).get("KREBOOT_INSTANCE");
        assertEquals("metadata.name", instance.getValueFrom().getFieldRef().getFieldPath(),
                "leader identity is the pod name");
    }

    @Test
    void everyServiceGetsTheSettingsItRequires() {
        Chart.Rendered r = Chart.render(sets("configuration.notifyUrl", "https://hooks.example.com/x"));
        List<PodSpec> pods = r.servicePods();
        for (PodSpec pod : pods) {
            Map<String, EnvVar> env = env(container(pod));
            assertEquals(Chart.RELEASE, env.get("KREBOOT_CLUSTER").getValue());
            assertEquals("kreboot-kafka.kreboot-system.svc:9092", env.get("KAFKA_BOOTSTRAP_SERVERS").getValue(),
                    "the chart's own Kafka by default");
            assertEquals("false", env.get("KREBOOT_CREATE_TOPICS").getValue(), "its topics Job creates the topics");
            assertEquals("8080", env.get("PORT").getValue());
        }
        assertEquals("spec.nodeName", env(container(pods.get(0))).get("KREBOOT_NODE_NAME").getValueFrom().getFieldRef()
                .getFieldPath());
        assertEquals("spec.nodeName", env(container(pods.get(1))).get("KREBOOT_NODE_NAME").getValueFrom().getFieldRef()
                .getFieldPath());
        assertEquals("notify-url", env(container(pods.get(3))).get("KREBOOT_NOTIFY_URL").getValueFrom()
                .getSecretKeyRef().getKey(), "the URL comes from the Secret");
    }

    @Test
    void grafanaAloneDeploysTheNotifierWithAGrafanaRoute() {
        Chart.Rendered r = Chart.render(sets("notifier.grafana.url", "https://grafana.example.com/sub",
                "notifier.grafana.existingSecret", "grafana-token"));
        Map<String, EnvVar> env = env(container(r.pod("notifier")));
        assertEquals("grafana+https://grafana.example.com/sub", env.get("KREBOOT_NOTIFIER_ROUTES_GRAFANA_URL").getValue());
        assertEquals("grafana-token", env.get("KREBOOT_NOTIFIER_ROUTES_GRAFANA_TOKEN").getValueFrom().getSecretKeyRef()
                .getName());
        assertFalse(env.containsKey("KREBOOT_NOTIFY_URL"));
    }

    @Test
    void missingKafkaBootstrapServersWithoutTheChartsKafkaFailsNamingTheKey() {
        Chart.assertRefusedNaming("kafka.bootstrapServers is required", "kafka.deploy.enabled", "false");
    }

    @Test
    void yourKafkaIsOneValueAway() {
        Chart.Rendered r = Chart.render(sets("kafka.bootstrapServers", "my-cluster-kafka-bootstrap.kafka:9093"));
        assertTrue(r.all(StatefulSet.class).isEmpty(), "no Kafka of the chart's own: " + r.names());
        Map<String, EnvVar> env = env(container(r.pod("coordinator")));
        assertEquals("my-cluster-kafka-bootstrap.kafka:9093", env.get("KAFKA_BOOTSTRAP_SERVERS").getValue());
        assertEquals("true", env.get("KREBOOT_CREATE_TOPICS").getValue());
        Chart.assertRefusedNaming("kafka.deploy.enabled=true and kafka.bootstrapServers",
                "kafka.bootstrapServers", "kafka:9092", "kafka.deploy.enabled", "true");
    }

    @Test
    void theRegistryWireFormatReachesEveryServiceWithItsCredentialsFromTheSecret() {
        Chart.Rendered r = Chart.render(sets("configuration.notifyUrl", "https://hooks.example.com/x",
                "wire.format", "registry", "wire.registry.url", "http://apicurio:8080",
                "wire.registry.credentials.existingSecret", "registry-creds",
                "wire.registry.credentials.username", "kreboot"));
        List<PodSpec> pods = r.servicePods();
        for (PodSpec pod : pods) {
            Map<String, EnvVar> env = env(container(pod));
            assertEquals("registry", env.get("KREBOOT_WIRE_FORMAT").getValue());
            assertEquals("http://apicurio:8080", env.get("KREBOOT_REGISTRY_URL").getValue());
            assertEquals("kreboot", env.get("KREBOOT_REGISTRY_USERNAME").getValue());
            assertEquals("registry-creds", env.get("KREBOOT_REGISTRY_PASSWORD").getValueFrom().getSecretKeyRef().getName());
            assertEquals("password", env.get("KREBOOT_REGISTRY_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
            assertFalse(env.containsKey("KREBOOT_REGISTRY_TOKEN"));
            assertFalse(env.containsKey("KREBOOT_REGISTRY_AUTO_REGISTER"), "services only look ids up by default");
        }
        Map<String, EnvVar> defaults = env(container(Chart.render(Map.of()).pod("coordinator")));
        assertFalse(defaults.containsKey("KREBOOT_WIRE_FORMAT"), "single-object is the services' own default");
        assertFalse(defaults.containsKey("KREBOOT_REGISTRY_URL"));
    }

    @Test
    void theRegisterSchemasHookRunsTheRegistrationCommandBeforeInstallAndUpgrade() {
        assertTrue(Chart.render(sets("wire.registry.url", "http://apicurio:8080", "wire.registry.registerSchemas.enabled",
                "true")).all(Job.class).stream().noneMatch(j -> j.getMetadata().getName().equals(name("register-schemas"))),
                "a hook, not part of the release's manifest");
        assertTrue(hooks(sets("wire.registry.url", "http://apicurio:8080")).all(Job.class).stream()
                .noneMatch(j -> j.getMetadata().getName().equals(name("register-schemas"))), "no hook unless asked for");

        Chart.Rendered r = hooks(sets("wire.format", "registry", "wire.registry.url", "http://apicurio:8080",
                "wire.registry.credentials.existingSecret", "registry-creds",
                "wire.registry.registerSchemas.enabled", "true", "wire.registry.registerSchemas.checkOnly", "true"));
        Job job = r.get(Job.class, name("register-schemas"));
        assertEquals("pre-install,pre-upgrade", job.getMetadata().getAnnotations().get(HOOK));
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        Container container = container(pod);
        assertEquals(List.of("java", "-cp", "/app/kreboot-coordinator.jar:/app/lib/*",
                "dev.kreboot.schemas.registry.RegisterSchemas", "http://apicurio:8080", "--check-only"),
                container.getCommand());
        assertEquals("token", env(container).get("KREBOOT_REGISTRY_TOKEN").getValueFrom().getSecretKeyRef().getKey());
        assertEquals(true, container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of(), UnknownFields.in(job));
        // The classpath is the coordinator image's layout (its Dockerfile copies the jar and lib/ there).
        String dockerfile = Chart.read(Chart.repoDir().resolve("coordinator/Dockerfile"));
        assertTrue(dockerfile.contains(" /app/lib/") && dockerfile.contains(" /app/kreboot-coordinator.jar"), dockerfile);

        Chart.assertRefusedNaming("wire.registry.url", "wire.registry.registerSchemas.enabled", "true");
    }

    /**
     * The chart with its hooks rendered like any other object: {@code helm template} through
     * helm-java leaves hooks out, so this renders a copy of the chart whose hook annotations are
     * renamed ({@code helm.sh/hook} becomes {@code test.kreboot.dev/helm.sh-hook}).
     */
    static Chart.Rendered hooks(Map<String, String> sets) {
        try {
            Path copy = Files.createTempDirectory("kreboot-chart-");
            try (Stream<Path> files = Files.walk(Chart.chartDir())) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(Chart.chartDir().relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.writeString(target, Chart.read(file).replace("\"helm.sh/hook", "\"" + HOOK));
                    }
                }
            }
            TemplateCommand template = new Helm(copy).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE);
            for (Map.Entry<String, String> set : sets.entrySet()) {
                template = template.set(set.getKey(), set.getValue());
            }
            return new Chart.Rendered(template.call());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String HOOK = "test.kreboot.dev/helm.sh-hook";

    @Test
    void withARegistryTheNetworkPoliciesLetEveryServiceReachIt() {
        Chart.Rendered r = Chart.render(sets("networkPolicy.enabled", "true", "wire.registry.url", "http://apicurio:8080"));
        for (io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy
                : r.all(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class)) {
            assertTrue(policy.getSpec().getEgress().stream().anyMatch(rule -> rule.getPorts().stream()
                    .anyMatch(port -> port.getPort().getIntVal() != null && port.getPort().getIntVal() == 8080)),
                    policy.getMetadata().getName());
        }
    }

    @Test
    void theCoordinatorsNetworkPolicyLetsItReachPrometheusAndNoOtherServiceGetsThatPort() {
        Chart.Rendered r = Chart.render(sets("networkPolicy.enabled", "true"));
        for (io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy
                : r.all(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class)) {
            boolean reaches9090 = policy.getSpec().getEgress().stream().anyMatch(rule -> rule.getPorts().stream()
                    .anyMatch(port -> port.getPort().getIntVal() != null && port.getPort().getIntVal() == 9090));
            assertEquals(policy.getMetadata().getName().endsWith("coordinator"), reaches9090,
                    policy.getMetadata().getName() + ": a blocker that cannot reach Prometheus fails closed");
        }
    }

    @Test
    void theRegistryWireFormatWithoutARegistryUrlFailsNamingTheKey() {
        Chart.assertRefusedNaming("wire.registry.url", "wire.format", "registry");
    }

    @Test
    void notifierForcedOnWithoutAnyUrlFailsNamingTheKeys() {
        Chart.assertRefusedNaming("configuration.notifyUrl", "notifier.enabled", "true");
    }

    @Test
    void kuredUsersValuesFileRendersAndMapsEveryFlagItSets() {
        Chart.Rendered r = Chart.render(Chart.kuredValues(), Map.of());

        Map<String, EnvVar> sensor = env(container(r.pod("node-sensor")));
        assertEquals("/host/var/run/reboot-required", sensor.get("KREBOOT_SENSOR_SENTINEL").getValue());
        assertEquals("1h0m0s", sensor.get("KREBOOT_SENSOR_PERIOD").getValue());
        assertEquals("json", sensor.get("KREBOOT_LOG_FORMAT").getValue());
        assertEquals("kafka-bootstrap.kafka.svc:9092", sensor.get("KAFKA_BOOTSTRAP_SERVERS").getValue());

        Map<String, String> coordinator = values(r.pod("coordinator"));
        assertEquals("2", coordinator.get("KREBOOT_CONCURRENCY"));
        assertEquals("5m", coordinator.get("KREBOOT_SOAK_TIME"));
        assertEquals("mo,tu,we,th,fr", coordinator.get("KREBOOT_REBOOT_DAYS"));
        assertEquals("9am", coordinator.get("KREBOOT_START_TIME"));
        assertEquals("5pm", coordinator.get("KREBOOT_END_TIME"));
        assertEquals("Europe/Rome", coordinator.get("KREBOOT_TIME_ZONE"));
        assertEquals("http://prometheus-operated.monitoring.svc:9090", coordinator.get("KREBOOT_PROMETHEUS_URL"));
        assertEquals("^(RebootRequired|Watchdog)$", coordinator.get("KREBOOT_ALERT_FILTER_REGEXP"));
        assertEquals("true", coordinator.get("KREBOOT_ALERT_FIRING_ONLY"));
        assertEquals("app=critical-batch;team=payments,tier=db", coordinator.get("KREBOOT_BLOCKING_POD_SELECTOR"));

        Map<String, String> executor = values(r.pod("executor"));
        assertEquals("30m", executor.get("KREBOOT_EXECUTOR_DRAIN_TIMEOUT"));
        assertEquals("60", executor.get("KREBOOT_EXECUTOR_DRAIN_GRACE_PERIOD"));
        assertEquals("120s", executor.get("KREBOOT_EXECUTOR_SKIP_WAIT_FOR_DELETE_TIMEOUT"), "kured's seconds become a duration");
        assertEquals("10s", executor.get("KREBOOT_EXECUTOR_DRAIN_DELAY"));
        assertEquals("command", executor.get("KREBOOT_EXECUTOR_REBOOT_METHOD"));
        assertEquals("/bin/systemctl reboot", executor.get("KREBOOT_EXECUTOR_REBOOT_COMMAND"));
        assertEquals("30s", executor.get("KREBOOT_EXECUTOR_REBOOT_DELAY"));
        assertEquals("kured=rebooting", executor.get("KREBOOT_EXECUTOR_PRE_REBOOT_NODE_LABELS"));
        assertEquals("kured=done", executor.get("KREBOOT_EXECUTOR_POST_REBOOT_NODE_LABELS"));
        assertEquals("true", executor.get("KREBOOT_EXECUTOR_ANNOTATE_NODES"));
        assertEquals("weave.works/kured-node-reboot", executor.get("KREBOOT_EXECUTOR_PREFER_NO_SCHEDULE_TAINT"));
        assertFalse(executor.containsKey("KREBOOT_EXECUTOR_FORCE_REBOOT"), "false is kured's default: left out");

        Map<String, String> notifierEnv = values(r.pod("notifier"));
        assertEquals("Rebooting node %s", notifierEnv.get("KREBOOT_MESSAGE_TEMPLATE_REBOOT"));
        Secret secret = r.get(Secret.class, name("secrets"));
        assertEquals("https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX", secret.getStringData().get("notify-url"));
        assertEquals(1, r.yaml().split("XXXXXXXXXXXXXXXX", -1).length - 1, "the webhook URL appears once, in the Secret");

        PodSpec sensorPod = r.pod("node-sensor");
        assertEquals("system-node-critical", sensorPod.getPriorityClassName());
        assertEquals(List.of("CriticalAddonsOnly"), sensorPod.getTolerations().stream().map(Toleration::getKey).toList());
        assertEquals(4, r.custom("ServiceMonitor").size(), "metrics.create=true: one ServiceMonitor per service");
    }

    @Test
    void budgetsBecomeIndexedKeys() {
        Chart.Rendered r = Chart.render(sets("kreboot.budgets[0].max", "1", "kreboot.budgets[0].groupBy",
                "topology.kubernetes.io/zone", "kreboot.budgets[1].max", "10%", "kreboot.budgets[1].schedule", "0 2 * * 6",
                "kreboot.budgets[1].duration", "4h"));
        Map<String, String> coordinator = values(r.pod("coordinator"));
        assertEquals("1", coordinator.get("KREBOOT_BUDGETS_0_MAX"));
        assertEquals("topology.kubernetes.io/zone", coordinator.get("KREBOOT_BUDGETS_0_GROUP_BY"));
        assertEquals("10%", coordinator.get("KREBOOT_BUDGETS_1_MAX"));
        assertEquals("0 2 * * 6", coordinator.get("KREBOOT_BUDGETS_1_SCHEDULE"));
        assertEquals("4h", coordinator.get("KREBOOT_BUDGETS_1_DURATION"));
        assertFalse(coordinator.containsKey("KREBOOT_BUDGETS_2_MAX"));
    }

    @Test
    void optionalResourcesAppearOnlyWhenAskedFor() {
        assertTrue(Chart.render(Map.of()).objects().stream().noneMatch(o -> Set.of("ServiceMonitor", "PrometheusRule",
                "KafkaTopic", "NetworkPolicy").contains(o.getKind())));

        Chart.Rendered r = Chart.render(sets("metrics.create", "true", "prometheusRule.create", "true",
                "kafka.strimziTopics.create", "true", "networkPolicy.enabled", "true"));
        assertEquals(3, r.custom("ServiceMonitor").size());
        assertEquals(1, r.custom("PrometheusRule").size());
        assertEquals(7, r.custom("KafkaTopic").size(), "the six of the contract and the notifier's state");
        assertEquals(6, Chart.render(sets("kafka.strimziTopics.create", "true", "notifier.enabled", "false"))
                .custom("KafkaTopic").size(), "no notifier, no state topic");
        assertEquals(3, r.objects().stream().filter(o -> "NetworkPolicy".equals(o.getKind())).count());
        Map<String, String> coordinator = values(r.pod("coordinator"));
        assertEquals("false", coordinator.get("KREBOOT_CREATE_TOPICS"), "the Topic Operator owns the topics");
    }

    @Test
    void strimziTopicsMirrorTheTopicsTableOfTheSchemas() {
        // The contract's topics and the notifier's state topic, exactly as the chart's own Kafka's Job creates them.
        Chart.Rendered r = Chart.render(sets("kafka.strimziTopics.create", "true", "kreboot.topicPrefix", "prod-eu.",
                "kreboot.commandPartitions", "24"));
        Map<String, String> rendered = new TreeMap<>();
        for (GenericKubernetesResource topic : r.custom("KafkaTopic")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) topic.getAdditionalProperties().get("spec");
            rendered.put((String) spec.get("topicName"), spec.get("partitions") + " " + new TreeMap<>(
                    (Map<?, ?>) spec.get("config")));
        }
        Map<String, String> expected = new TreeMap<>();
        for (Topics.Spec spec : KafkaChartIT.expectedTopics("prod-eu.", 24)) {
            expected.put(spec.name(), spec.partitions() + " " + new TreeMap<>(spec.configs()));
        }
        assertEquals(expected, rendered);
    }

    static Container container(PodSpec pod) {
        assertEquals(1, pod.getContainers().size());
        return pod.getContainers().get(0);
    }

    static Map<String, EnvVar> env(Container container) {
        Map<String, EnvVar> env = new TreeMap<>();
        for (EnvVar var : container.getEnv()) {
            assertTrue(env.put(var.getName(), var) == null, () -> "duplicate env " + var.getName());
        }
        return env;
    }

    /** The plain-valued environment variables of {@code pod}'s one container. */
    static Map<String, String> values(PodSpec pod) {
        return values(env(container(pod)));
    }

    static Map<String, String> values(Map<String, EnvVar> env) {
        Map<String, String> values = new TreeMap<>();
        env.forEach((k, v) -> {
            if (v.getValue() != null) {
                values.put(k, v.getValue());
            }
        });
        return values;
    }
}
