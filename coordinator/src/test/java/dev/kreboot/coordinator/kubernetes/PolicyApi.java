package dev.kreboot.coordinator.kubernetes;

import dev.kreboot.schemas.RebootPolicies;
import dev.kreboot.schemas.testing.MockApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fabric8's API server (CRUD mode) with the chart's RebootPolicy CRD registered, as the policy ITs
 * use it: the deployed coordinator reaches it through the {@code kubernetes.*} system properties
 * (set here, cleared on close), and the test edits and reads the default policy through
 * {@link #client()}.
 */
final class PolicyApi implements AutoCloseable {
    private static final String[] CLIENT_PROPERTIES = {"kubernetes.master", "kubernetes.auth.tryKubeConfig",
        "kubernetes.auth.tryServiceAccount", "kubernetes.trust.certificates", "kubernetes.namespace"};
    private static final Path CRD = Path.of("../deploy/helm/kreboot/files/rebootpolicies.kreboot.dev.yaml");
    private final MockApi api;

    private PolicyApi(MockApi api) {
        this.api = api;
    }

    static PolicyApi start() throws Exception {
        PolicyApi started = new PolicyApi(MockApi.start());
        try (InputStream in = Files.newInputStream(CRD)) {
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            started.client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        System.setProperty("kubernetes.master", started.api.url());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.trust.certificates", "true");
        System.setProperty("kubernetes.namespace", "kreboot");
        return started;
    }

    KubernetesClient client() {
        return api.client();
    }

    NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> policies() {
        return RebootPolicyWatch.resources(client());
    }

    /** The default policy as stored, or null. */
    GenericKubernetesResource policy() {
        return policies().withName(RebootPolicies.DEFAULT_NAME).get();
    }

    /**
     * Creates the default policy, or replaces its spec (each replacement is a new generation). An
     * update of the main resource, as {@code kubectl apply} does: the status subresource is left as
     * it is, and a policy that has none still has none.
     */
    void apply(Map<String, Object> spec) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource current = policy();
            try {
                if (current == null) {
                    policies().resource(new GenericKubernetesResourceBuilder()
                            .withApiVersion(RebootPolicies.API_VERSION).withKind(RebootPolicies.KIND).withNewMetadata()
                            .withName(RebootPolicies.DEFAULT_NAME).endMetadata().addToAdditionalProperties("spec", spec)
                            .build()).create();
                } else {
                    current.getAdditionalProperties().put("spec", spec);
                    policies().resource(current).update();
                }
                return;
            } catch (KubernetesClientException e) {
                // The leader's status write between the read and the update makes the read stale:
                // read again and reapply, as kubectl apply retries a conflict.
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The default policy's status, empty while it has none (or there is no policy). */
    @SuppressWarnings("unchecked")
    Map<String, Object> status() {
        GenericKubernetesResource r = policy();
        Object status = r == null ? null : r.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The status condition of {@code type}, if the status has one. */
    Optional<Map<?, ?>> condition(String type) {
        Object conditions = status().get("conditions");
        if (!(conditions instanceof List<?> list)) {
            return Optional.empty();
        }
        return list.stream().<Map<?, ?>>map(c -> (Map<?, ?>) c).filter(c -> type.equals(c.get("type"))).findFirst();
    }

    @Override
    public void close() {
        for (String p : CLIENT_PROPERTIES) {
            System.clearProperty(p);
        }
        api.close();
    }
}
