package dev.kreboot.sandbox;

import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.app.PolicyInForce;
import dev.kreboot.coordinator.kubernetes.RebootPolicyStatusWriter;
import dev.kreboot.coordinator.kubernetes.RebootPolicyWatch;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.RebootPolicies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The {@code policy-change} scenario: the coordinator is governed by a RebootPolicy in the
 * sandbox's API server (the chart's CRD registered), and while the rollout runs the policy is
 * changed, broken, paused and resumed:
 * <ol>
 * <li>generation 1, {@code concurrency: C} (the run's {@code --concurrency}), applied before start;</li>
 * <li>after the first grant, {@code concurrency: C+1}: a second slot opens at the next decision;</li>
 * <li>broken: {@code concurrency: C+3} beside an unknown time zone. It must be refused (the refusal
 *     names {@code spec.window.timeZone}) and change nothing: a half-read policy would open
 *     three more slots;</li>
 * <li>{@code concurrency: C+2, paused: true}: no grant while paused (held {@link #PAUSE_MS});</li>
 * <li>{@code concurrency: C+2}: the rollout finishes.</li>
 * </ol>
 * The invariant monitor's budget is the one the scenario expects in force: raised only once the
 * coordinator reports the raising generation in force, never for the broken one, and never lowered
 * (the valid generations only raise it), so "never more nodes out than the budget in force" is
 * checked at every cluster-side change. Anything else that goes wrong is a scenario problem.
 */
final class PolicyChange implements AutoCloseable {
    static final long PAUSE_MS = 2000;
    private static final Duration STEP = Duration.ofSeconds(30);
    private final KubernetesClient client;
    private final int start;
    private final AtomicInteger allowed;
    private final Consumer<String> say;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private volatile CoordinatorRuntime runtime;
    private volatile Thread driver;

    PolicyChange(KubernetesClient client, int start, Consumer<String> say) throws IOException {
        this.client = client;
        this.start = start;
        this.allowed = new AtomicInteger(start);
        this.say = say;
        try (InputStream crd = PolicyChange.class.getResourceAsStream("/crds/rebootpolicies.kreboot.dev.yaml")) {
            if (crd == null) {
                throw new IllegalStateException("the RebootPolicy CRD is not on the sandbox's classpath");
            }
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(Serialization.unmarshal(crd, CustomResourceDefinition.class)).create();
        }
        apply(Map.of("concurrency", start));
        say.accept("RebootPolicy default (generation 1): concurrency " + start);
    }

    /** The budget the invariant monitor holds the cluster to right now. */
    int allowed() {
        return allowed.get();
    }

    /** Before {@code runtime.start()}: the watch (blocks for the first list), then after start the status writer. */
    CoordinatorRuntime govern(CoordinatorRuntime runtime, MeterRegistry metrics, String instance) {
        RebootPolicyWatch watch = new RebootPolicyWatch(client, RebootPolicies.DEFAULT_NAME, runtime.policies(),
                Clock.systemUTC()).start();
        closing.add(0, watch);
        this.runtime = runtime;
        runtime.start();
        closing.add(0, new RebootPolicyStatusWriter(client, watch, runtime, instance, metrics, Clock.systemUTC(),
                Duration.ofSeconds(1), RebootPolicyStatusWriter.DEFAULT_MAX_NODES).start());
        return runtime;
    }

    /** From the upgrades on, on its own thread: the steps of the class comment. */
    void drive(EventLog log) {
        driver = new Thread(() -> {
            try {
                steps(log);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                problems.add("policy-change: " + e.getMessage());
            }
        }, "fault-policy-change");
        driver.setDaemon(true);
        driver.start();
    }

    private void steps(EventLog log) throws InterruptedException {
        Waits.until(STEP, "the first grant", () -> drains(log) > 0);
        change(2, Map.of("concurrency", start + 1), start + 1);
        Waits.until(STEP, "a grant under generation 2", () -> drains(log) >= 2);

        apply(Map.of("concurrency", start + 3, "window", Map.of("timeZone", "Mars/Olympus_Mons")));
        Waits.until(STEP, "generation 3 refused", () -> state().refusedGeneration() == 3);
        PolicyInForce.State refused = state();
        if (refused.generation() != 2 || refused.refusal() == null
                || !refused.refusal().startsWith("spec.window.timeZone")) {
            problems.add("policy-change: the broken generation 3 was not refused naming spec.window.timeZone, or "
                    + "something else came into force: " + refused);
        }
        steps.add("generation 3 refused, generation 2 stays in force: " + refused.refusal());
        say.accept("RebootPolicy generation 3 refused: " + refused.refusal());

        int before = drains(log);
        change(4, Map.of("concurrency", start + 2, "paused", true), start + 2);
        // In force from the first decision after the runtime reports itself paused; a Drain stamped
        // later was decided under the pause. (The record timestamp is taken when the decision is sent.)
        Waits.until(STEP, "the coordinator paused by the policy", runtime::paused);
        long pausedAt = System.currentTimeMillis();
        // Holding the pause for PAUSE_MS is the scenario; a grant in it ends the wait early.
        Waits.tryUntil(Duration.ofMillis(PAUSE_MS), () -> drainsSince(log, pausedAt) > 0);
        int during = drainsSince(log, pausedAt);
        if (during > 0) {
            problems.add("policy-change: " + during + " grant(s) while spec.paused was true");
        }
        steps.add("paused for " + (System.currentTimeMillis() - pausedAt) + " ms, no grant (" + before
                + " grants before the pause)");
        change(5, Map.of("concurrency", start + 2), start + 2);
    }

    /** Applies {@code spec} as generation {@code gen}; once it is in force the monitor allows {@code budget}. */
    private void change(long gen, Map<String, Object> spec, int budget) throws InterruptedException {
        long applied = System.currentTimeMillis();
        apply(spec);
        Waits.until(STEP, "generation " + gen + " in force", () -> state().generation() == gen);
        allowed.accumulateAndGet(budget, Math::max);
        String line = "generation " + gen + " " + spec + " in force after " + (System.currentTimeMillis() - applied)
                + " ms";
        steps.add(line);
        say.accept("RebootPolicy " + line);
    }

    private PolicyInForce.State state() {
        return runtime.policies().state();
    }

    private static int drains(EventLog log) {
        return log.matching(e -> e.value() instanceof DrainCommand).size();
    }

    private static int drainsSince(EventLog log, long since) {
        return log.matching(e -> e.value() instanceof DrainCommand && e.timestampMs() >= since).size();
    }

    private void apply(Map<String, Object> spec) {
        var policies = RebootPolicyWatch.resources(client);
        GenericKubernetesResource current = policies.withName(RebootPolicies.DEFAULT_NAME).get();
        if (current == null) {
            policies.resource(new GenericKubernetesResourceBuilder().withApiVersion(RebootPolicies.API_VERSION)
                    .withKind(RebootPolicies.KIND).withNewMetadata().withName(RebootPolicies.DEFAULT_NAME)
                    .endMetadata().addToAdditionalProperties("spec", spec).build()).create();
        } else {
            // As kubectl apply/edit would: a patch of the spec, not an update carrying the
            // resourceVersion read above, which the leader's status writes (they bump it) make stale.
            policies.withName(RebootPolicies.DEFAULT_NAME).patch(PatchContext.of(PatchType.JSON),
                    Serialization.asJson(List.of(Map.of("op", "replace", "path", "/spec", "value", spec))));
        }
    }

    void awaitDriver(Duration timeout) throws InterruptedException {
        Thread d = driver;
        if (d != null) {
            d.join(timeout.toMillis());
        }
    }

    /** Whether every step ran (a rollout that ends first could not exercise them all). */
    boolean completed() {
        return steps.size() >= 5;
    }

    List<String> steps() {
        return List.copyOf(steps);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() throws Exception {
        Thread d = driver;
        if (d != null) {
            d.interrupt();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }
}
