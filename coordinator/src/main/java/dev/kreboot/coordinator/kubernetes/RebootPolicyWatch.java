package dev.kreboot.coordinator.kubernetes;

import dev.kreboot.coordinator.app.PolicyInForce;
import dev.kreboot.schemas.RebootPolicies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches ONE named, cluster-scoped RebootPolicy with a fabric8 informer and offers every
 * generation to {@link PolicyInForce}: a valid one is in force at the coordinator's next decision
 * (no restart), a refused one changes nothing and is logged with the field at fault. Every
 * replica watches (a standby is ready the moment it is elected); only the leader writes status.
 *
 * <p>{@link #start} blocks until the first list has answered, so the coordinator never grants
 * under the environment's policy while a resource that overrides it is merely not read yet. A
 * missing CRD or a refused list fails start-up with a message saying what to install or switch
 * off: deciding by the wrong policy is worse than not starting.
 */
public final class RebootPolicyWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RebootPolicyWatch.class);
    /** The resource's coordinates for fabric8's generic client. */
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(RebootPolicies.GROUP).withVersion(RebootPolicies.VERSION).withPlural(RebootPolicies.PLURAL)
            .withKind(RebootPolicies.KIND).withNamespaced(false).build();

    private final KubernetesClient client;
    private final String name;
    private final PolicyInForce policies;
    private final Clock clock;
    private final AtomicLong observedGeneration = new AtomicLong();
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    public RebootPolicyWatch(KubernetesClient client, String name, PolicyInForce policies, Clock clock) {
        this.client = client;
        this.name = name;
        this.policies = policies;
        this.clock = clock;
    }

    public static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> resources(KubernetesClient client) {
        return client.genericKubernetesResources(CONTEXT);
    }

    public RebootPolicyWatch start() {
        try {
            informer = resources(client).withName(name).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(GenericKubernetesResource resource) {
                    offer(resource);
                }

                @Override
                public void onUpdate(GenericKubernetesResource previous, GenericKubernetesResource resource) {
                    offer(resource);
                }

                @Override
                public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
                    observedGeneration.set(0);
                    policies.removed(clock.instant());
                    LOG.warn("RebootPolicy {} was deleted: the environment's policy is in force again", name);
                }
            }, 0);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("kreboot.policy.resource=" + name + ": cannot watch RebootPolicy "
                    + RebootPolicies.API_VERSION + " (" + (e.getCode() == 404 ? "is the CRD installed? "
                    : e.getCode() == 403 ? "does the coordinator's ClusterRole allow get/list/watch on "
                    + RebootPolicies.PLURAL + "? " : "") + e.getMessage() + "); set kreboot.policy.resource to \"\" "
                    + "to decide by the environment only", e);
        }
        PolicyInForce.State s = policies.state();
        LOG.info("RebootPolicy {}: {}", name, s.source() == PolicyInForce.Source.RESOURCE
                ? "generation " + s.generation() + " in force" : s.refusal() != null ? "refused: " + s.refusal()
                : "absent, the environment's policy is in force");
        return this;
    }

    /** The newest generation seen (in force or refused); 0 while there is no resource. */
    public long observedGeneration() {
        return observedGeneration.get();
    }

    /** The resource as last seen by the informer (the status writer's base), or null. */
    public GenericKubernetesResource current() {
        SharedIndexInformer<GenericKubernetesResource> i = informer;
        return i == null ? null : i.getStore().getByKey(name);
    }

    public String name() {
        return name;
    }

    private void offer(GenericKubernetesResource resource) {
        long generation = generation(resource);
        if (generation != 0 && generation == observedGeneration.get()) {
            return; // a status write or a resync: the spec did not change
        }
        observedGeneration.set(generation);
        PolicyInForce.State s = policies.offer(resource.getAdditionalProperties().get("spec"), generation,
                clock.instant());
        if (s.refusal() != null && s.refusedGeneration() == generation) {
            LOG.error("RebootPolicy {} generation {} refused, the policy in force does not change: {}", name,
                    generation, s.refusal());
        } else {
            LOG.info("RebootPolicy {} generation {} in force: budgets {} window {} paused {} dryRun {}", name,
                    generation, s.policy().budgets(), s.policy().window(), s.paused(), s.policy().dryRun());
        }
    }

    static long generation(GenericKubernetesResource resource) {
        Long g = resource.getMetadata() == null ? null : resource.getMetadata().getGeneration();
        if (g != null) {
            return g;
        }
        // No generation (an API server that does not set it): the resource version orders changes.
        String rv = resource.getMetadata() == null ? null : resource.getMetadata().getResourceVersion();
        try {
            return rv == null ? 0 : Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        SharedIndexInformer<GenericKubernetesResource> i = informer;
        if (i != null) {
            i.close();
        }
    }
}
