package dev.kreboot.sandbox;

import dev.kreboot.schemas.testing.MockApi;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes cluster for the sandbox: fabric8's API server in CRUD mode (evictions honour
 * PodDisruptionBudgets, evicted pods terminate for the drain time), seeded with nodes in three
 * zones, per node one pod of each of two Deployments (each under a PodDisruptionBudget allowing one
 * pod down) and one DaemonSet pod. A small replica controller recreates evicted Deployment pods on
 * schedulable, Ready nodes, as the ReplicaSet controller and the scheduler would.
 */
final class SimulatedCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);
    static final String NAMESPACE = "shop";
    private static final List<String> APPS = List.of("web", "api");

    private final MockApi api;
    private final KubernetesClient client;
    private final Map<String, Integer> replicas = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread controller;

    SimulatedCluster(Duration podTermination) {
        this.api = MockApi.start(podTermination);
        this.client = api.client();
        this.controller = new Thread(this::reconcileReplicas, "replica-controller");
        this.controller.setDaemon(true);
    }

    KubernetesClient client() {
        return client;
    }

    void seed(List<String> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodes.get(i))
                    .addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("topology.kubernetes.io/zone", "zone-" + (i % 3 + 1))
                    .addToLabels("kubernetes.azure.com/agentpool", "pool1").endMetadata()
                    .withNewSpec().withUnschedulable(false).endSpec()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
        }
        for (String app : APPS) {
            replicas.put(app, nodes.size());
            client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).resource(new PodDisruptionBudgetBuilder()
                    .withNewMetadata().withName(app).endMetadata()
                    .withNewSpec().withMaxUnavailable(new IntOrString(1))
                    .withNewSelector().addToMatchLabels("app", app).endSelector().endSpec().build()).create();
            for (String node : nodes) {
                createPod(app, node);
            }
        }
        for (String node : nodes) {
            client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata()
                    .withName("node-exporter-" + node).addToLabels("app", "node-exporter")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName("node-exporter")
                    .withUid("ds-node-exporter").withController(true).endOwnerReference().endMetadata()
                    .withNewSpec().withNodeName(node).addNewContainer().withName("exporter").withImage("prom/node-exporter")
                    .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
        }
        controller.start();
    }

    private void createPod(String app, String node) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName(app + "-" + UUID.randomUUID().toString().substring(0, 8)).addToLabels("app", app)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(app + "-rs")
                .withUid("rs-" + app).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName(app).withImage("shop/" + app)
                .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
    }

    /** The ReplicaSet controller and scheduler, reduced to what a drain needs: replace missing pods. */
    private void reconcileReplicas() {
        while (running.get()) {
            try {
                List<Pod> pods = client.pods().inNamespace(NAMESPACE).list().getItems();
                List<Node> nodes = client.nodes().list().getItems();
                for (String app : APPS) {
                    long have = pods.stream().filter(p -> app.equals(p.getMetadata().getLabels().get("app"))).count();
                    for (long missing = replicas.get(app) - have; missing > 0; missing--) {
                        leastLoadedSchedulable(nodes, pods).ifPresent(node -> createPod(app, node));
                    }
                }
                Thread.sleep(50); // a controller's resync period, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.debug("replica controller: {}", e.toString());
                }
            }
        }
    }

    private static java.util.Optional<String> leastLoadedSchedulable(List<Node> nodes, List<Pod> pods) {
        Map<String, Long> load = pods.stream().filter(p -> p.getSpec().getNodeName() != null)
                .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
        return nodes.stream().filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()) && ready(n))
                .map(n -> n.getMetadata().getName())
                .min(Comparator.comparing((String n) -> load.getOrDefault(n, 0L)).thenComparing(n -> n));
    }

    static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        return node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A single-replica database under a PodDisruptionBudget that allows no disruption at all. */
    void addUnevictablePod(String node) {
        client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(1))
                .withNewSelector().addToMatchLabels("app", "db").endSelector().endSpec().build()).create();
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("db-0")
                .addToLabels("app", "db")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet").withName("db")
                .withUid("sts-db").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("db").withImage("postgres")
                .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
    }

    boolean podExists(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get() != null;
    }

    /** What the kubelet reports as the host goes down or comes back. */
    void setReady(String node, boolean ready) {
        client.nodes().withName(node).edit(n -> {
            List<NodeCondition> conditions = n.getStatus().getConditions();
            conditions.stream().filter(c -> "Ready".equals(c.getType())).forEach(c -> {
                c.setStatus(ready ? "True" : "False");
                c.setReason(ready ? "KubeletReady" : "NodeStatusUnknown");
            });
            return n;
        });
    }

    /** An admin's {@code kubectl cordon}. */
    void cordonByAdmin(String node) {
        client.nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
    }

    boolean unschedulable(String node) {
        Node n = client.nodes().withName(node).get();
        return n != null && Objects.equals(Boolean.TRUE, n.getSpec().getUnschedulable());
    }

    boolean ready(String node) {
        Node n = client.nodes().withName(node).get();
        return n != null && ready(n);
    }

    @Override
    public void close() {
        running.set(false);
        controller.interrupt();
        api.close();
    }
}
