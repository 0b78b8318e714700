package dev.kreboot.schemas.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Builders for the objects the executor tests seed into the mock API server. */
public final class Seeds {

    private Seeds() {
    }

    public static Node node(String name, boolean ready, boolean unschedulable) {
        return new NodeBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withUnschedulable(unschedulable ? Boolean.TRUE : null).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }

    /** A running pod on {@code node}, owned by a controller of {@code ownerKind} (null: a bare pod). */
    public static Pod pod(String namespace, String name, String node, String ownerKind) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(Map.of("app", name.replaceAll("-\\d+$", "")))
                .endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
        if (ownerKind != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind)
                    .withName(name + "-owner").withUid(name + "-owner-uid").withController(true).endOwnerReference().endMetadata();
        }
        return pod.build();
    }

    public static Pod mirrorPod(String namespace, String name, String node) {
        Pod pod = pod(namespace, name, node, "Node");
        pod.getMetadata().setAnnotations(Map.of("kubernetes.io/config.mirror", "abc"));
        return pod;
    }

    public static Pod completedPod(String namespace, String name, String node) {
        Pod pod = pod(namespace, name, node, "Job");
        pod.getStatus().setPhase("Succeeded");
        return pod;
    }

    public static PodDisruptionBudget minAvailable(String namespace, String name, String app, int min) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(min)).withNewSelector().withMatchLabels(Map.of("app", app))
                .endSelector().endSpec()
                .build();
    }

    public static void setReady(KubernetesClient client, String node, boolean ready) {
        client.nodes().withName(node).edit(n -> {
            n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                    .forEach(c -> c.setStatus(ready ? "True" : "False"));
            return n;
        });
    }
}
