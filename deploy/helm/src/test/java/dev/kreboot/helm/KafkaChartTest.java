package dev.kreboot.helm;

import static dev.kreboot.helm.Chart.name;
import static dev.kreboot.helm.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.StringReader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The shape of the chart's own Kafka; KafkaChartIT runs it. */
class KafkaChartTest {

    private static Properties serverProperties(Chart.Rendered r) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(r.get(ConfigMap.class, name("kafka")).getData().get("server.properties")));
        return p;
    }

    @Test
    void threeReplicasFormOneQuorumWithReplicationThreeAndADisruptionBudget() throws Exception {
        Chart.Rendered r = Chart.render(sets("kafka.deploy.replicas", "3"));
        Properties p = serverProperties(r);
        assertEquals("0@kreboot-kafka-0.kreboot-kafka-headless.kreboot-system.svc:9093,"
                + "1@kreboot-kafka-1.kreboot-kafka-headless.kreboot-system.svc:9093,"
                + "2@kreboot-kafka-2.kreboot-kafka-headless.kreboot-system.svc:9093", p.getProperty("controller.quorum.voters"));
        assertEquals("broker,controller", p.getProperty("process.roles"));
        for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor")) {
            assertEquals("3", p.getProperty(key), key);
        }
        assertEquals("2", p.getProperty("min.insync.replicas"));
        assertEquals("2", p.getProperty("transaction.state.log.min.isr"));
        assertEquals("false", p.getProperty("auto.create.topics.enable"));
        StatefulSet sts = r.get(StatefulSet.class, name("kafka"));
        assertEquals(3, sts.getSpec().getReplicas());
        assertEquals("Parallel", sts.getSpec().getPodManagementPolicy(), "the first quorum needs every controller");
        assertEquals(1, r.get(PodDisruptionBudget.class, name("kafka")).getSpec().getMaxUnavailable().getIntVal());
        Container job = r.all(io.fabric8.kubernetes.api.model.batch.v1.Job.class).get(0).getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertEquals("3", job.getEnv().stream().filter(v -> v.getName().equals("KAFKA_REPLICATION_FACTOR"))
                .findFirst().orElseThrow().getValue(), "the topics Job creates them with replication 3");
    }

    @Test
    void oneReplicaIsTheDefaultAndTwoIsRefused() throws Exception {
        Chart.Rendered r = Chart.render(Map.of());
        assertEquals(1, r.get(StatefulSet.class, name("kafka")).getSpec().getReplicas());
        assertEquals("1", serverProperties(r).getProperty("min.insync.replicas"));
        assertTrue(r.find(PodDisruptionBudget.class, name("kafka")).isEmpty());
        Chart.assertRefusedNaming("kafka.deploy.replicas", "kafka.deploy.replicas", "2");
    }

    @Test
    void runsTheClientsKafkaVersionRestrictedWithOneVolumePerPod() {
        Chart.Rendered r = Chart.render(Map.of());
        StatefulSet sts = r.get(StatefulSet.class, name("kafka"));
        Container kafka = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion(), kafka.getImage(),
                "the image is the version of the clients the services use");
        SecurityContext sc = kafka.getSecurityContext();
        assertTrue(sc.getRunAsNonRoot() && sc.getReadOnlyRootFilesystem() && !sc.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertEquals(false, sts.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken());
        assertEquals("8Gi", sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests()
                .get("storage").toString());
        StatefulSet ephemeral = Chart.render(sets("kafka.deploy.persistence.enabled", "false"))
                .get(StatefulSet.class, name("kafka"));
        assertTrue(ephemeral.getSpec().getVolumeClaimTemplates() == null
                || ephemeral.getSpec().getVolumeClaimTemplates().isEmpty());
    }

    @Test
    void theDerivedClusterIdIsOneKafkaAcceptsAndStaysTheSameAcrossRenders() {
        String id = env(Chart.render(Map.of())).get("KAFKA_CLUSTER_ID");
        assertEquals(id, env(Chart.render(sets("configuration.concurrency", "3"))).get("KAFKA_CLUSTER_ID"));
        Uuid parsed = Uuid.fromString(id);
        assertTrue(!parsed.equals(Uuid.ZERO_UUID) && !parsed.equals(Uuid.METADATA_TOPIC_ID), id);
        Chart.assertRefusedNaming("kafka.deploy.clusterId", "kafka.deploy.clusterId", "not-an-id");
    }

    @Test
    void theTopicsJobCreatesTheContractsTopicsWithTheirPrefixAndPartitions() {
        Chart.Rendered r = Chart.render(sets("kreboot.topicPrefix", "prod-eu.", "kreboot.commandPartitions", "24"));
        Map<String, String> lines = r.get(ConfigMap.class, name("kafka")).getData().get("topics").lines()
                .filter(l -> !l.isBlank()).collect(Collectors.toMap(l -> l.split(" ")[0], l -> l, (a, b) -> a,
                        LinkedHashMap::new));
        List<Topics.Spec> specs = KafkaChartIT.expectedTopics("prod-eu.", 24);
        assertEquals(specs.stream().map(Topics.Spec::name).toList(), List.copyOf(lines.keySet()));
        for (Topics.Spec spec : specs) {
            String[] parts = lines.get(spec.name()).split(" ");
            assertEquals(Integer.toString(spec.partitions()), parts[1], spec.name());
            Map<String, String> configs = Arrays.stream(parts).skip(2).map(c -> c.split("=", 2))
                    .collect(Collectors.toMap(c -> c[0], c -> c[1]));
            assertEquals(spec.configs(), configs, spec.name());
        }
    }

    private static Map<String, String> env(Chart.Rendered r) {
        Map<String, String> env = new LinkedHashMap<>();
        r.get(StatefulSet.class, name("kafka")).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .forEach(v -> env.put(v.getName(), v.getValue()));
        return env;
    }
}
