package dev.kreboot.coordinator.policy;

import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.Policy;
import dev.kreboot.coordinator.domain.RebootWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a RebootPolicy's {@code spec} (the JSON object as plain maps and lists) onto the domain
 * {@link Policy}, and checks everything the CRD's OpenAPI schema cannot: cron expressions, time
 * zones, time formats, combinations (a schedule needs a duration) and what this coordinator can
 * actually enforce (group budgets and max NotReady need Node facts). The schema rejects most bad
 * values at {@code kubectl apply}; this is the second line for what slips past it (an old CRD, a
 * client that skips validation) and for rules a schema cannot express.
 *
 * <p><b>The resource wins entirely.</b> A field the spec leaves out takes the built-in default
 * (the same default as the environment key), not the environment's value: what the resource says
 * is the whole policy, so reading it needs no knowledge of the Deployment's env. Two exceptions,
 * both safety gates: {@code spec.blockers} and {@code spec.healthGate} replace the environment's
 * blockers and health query only when present (an empty object switches them off); when absent
 * the environment's stay, so a resource that never mentions them cannot silently drop a
 * deployment's alert blocker. What stays with the deployment is whether Nodes are watched
 * (RBAC and an informer), passed in as {@link Capabilities}. The adapters themselves are built
 * outside this pure package from the {@link Adapters} description the mapping returns.
 *
 * <p>All or nothing: either every field maps and a complete policy comes back, or an
 * {@link InvalidPolicyException} names the first bad field and nothing changes.
 *
 * <p>Where each part is read: {@link SpecObject} (typed reads that name the field in every error),
 * {@link BudgetSpecs} (concurrency, budgets, max NotReady), {@link WindowSpecs} (the window) and
 * {@link BlockerSpecs} (blockers and the health gate); this class holds the top-level fields, the
 * cross-field rules that need the deployment's {@link Capabilities}, and the result types.
 */
public final class PolicySpecMapping {
    /** Every top-level spec field; anything else is refused (the schema prunes it, an old CRD may not). */
    static final Set<String> FIELDS = Set.of("paused", "dryRun", "concurrency", "budgets", "window", "maxNotReady",
            "deadlines", "soakTime", "canary", "maxConsecutiveFailures", "blockers", "healthGate");
    static final Set<String> DEADLINE_FIELDS = Set.of("drain", "reboot", "ready");

    private PolicySpecMapping() {
    }

    /**
     * What the running coordinator can enforce, fixed by its deployment.
     *
     * @param watchNodes    Node objects are read: group budgets and max NotReady can work
     * @param blockerChecks the environment configures blocker adapters: kept, and a grant needs a
     *                      fresh clear verdict, while the spec has no {@code blockers}
     * @param blockerMaxAge how old a verdict may be (three blocker periods, a deployment setting)
     * @param healthQuery   the environment's health query gates the slot's release, kept while the
     *                      spec has no {@code healthGate}
     */
    public record Capabilities(boolean watchNodes, boolean blockerChecks, Duration blockerMaxAge,
                               boolean healthQuery) {
        /** The capabilities a policy built from the environment already carries. */
        public static Capabilities of(Policy envPolicy, boolean watchNodes) {
            return new Capabilities(watchNodes, envPolicy.blockerChecks(), envPolicy.blockerMaxAge(),
                    envPolicy.healthQuery());
        }
    }

    /**
     * A valid spec: the policy to put in force, whether the resource holds the rollout paused, and
     * which blocker and health adapters it asks for.
     */
    public record Mapped(Policy policy, boolean paused, Adapters adapters) {
    }

    /**
     * The adapters a spec asks for, as data (this package builds nothing).
     *
     * @param blockers null: the environment's blockers stay; otherwise exactly these
     * @param health   null: the environment's health query stays; otherwise exactly this
     */
    public record Adapters(Blockers blockers, HealthGate health) {
        /** A spec that mentions neither: the environment's adapters stay. */
        public static final Adapters ENVIRONMENT = new Adapters(null, null);
    }

    /**
     * {@code spec.blockers}: the same choices as the {@code kreboot.*} blocker keys.
     *
     * @param alerts       null: no Prometheus alert blocker
     * @param podSelectors label selectors; a matching pod on a node blocks it (ORed)
     */
    public record Blockers(Alerts alerts, List<String> podSelectors) {
        public Blockers {
            podSelectors = List.copyOf(podSelectors);
        }

        public boolean any() {
            return alerts != null || !podSelectors.isEmpty();
        }
    }

    /**
     * {@code spec.blockers.prometheus}: kured's alert blocker.
     *
     * @param url        the Prometheus base URL (http or https)
     * @param filter     {@code alertFilterRegexp}, null for none
     * @param matchOnly  {@code alertFilterMatchOnly}: only alerts matching the filter block
     * @param firingOnly {@code alertFiringOnly}: pending alerts do not block
     * @param nodeLabel  {@code alertNodeLabel}: alerts with this label block only the node it names ("" off)
     */
    public record Alerts(String url, Pattern filter, boolean matchOnly, boolean firingOnly, String nodeLabel) {
    }

    /**
     * {@code spec.healthGate}: after its soak a node keeps its slot until the query returns no series.
     *
     * @param prometheusUrl where the query runs ({@code spec.healthGate.prometheusUrl}, else the alert blocker's)
     * @param query         the PromQL query, {@code $node} replaced; "" switches the gate off
     */
    public record HealthGate(String prometheusUrl, String query) {
        public boolean on() {
            return !query.isEmpty();
        }
    }

    /** {@code spec} as the JSON decoder gives it: a map, or null for a resource without one. */
    public static Mapped map(Object spec, Capabilities can) {
        SpecObject s = SpecObject.of(spec, "spec", FIELDS);
        List<Budget> budgets = new ArrayList<>();
        budgets.add(BudgetSpecs.parse(s.path("concurrency"), s.text("concurrency", "1"), null, null));
        List<?> extra = s.list("budgets");
        for (int i = 0; i < extra.size(); i++) {
            SpecObject b = SpecObject.of(extra.get(i), s.path("budgets") + "[" + i + "]", BudgetSpecs.FIELDS);
            Budget budget = BudgetSpecs.item(b);
            if (budget.grouped() && !can.watchNodes()) {
                throw new InvalidPolicyException(b.path("groupBy"), "needs the coordinator to watch Nodes "
                        + "(kreboot.watch-nodes=true, chart value coordinator.watchNodes); without Node labels every "
                        + "node would fall in one group and the budget would silently be global");
            }
            budgets.add(budget);
        }
        SpecObject w = s.child("window", WindowSpecs.FIELDS);
        RebootWindow window = WindowSpecs.window(w);
        Duration margin = w.duration("drainMargin", "0");
        String maxNotReadyText = s.text("maxNotReady", "");
        Budget maxNotReady = null;
        if (!maxNotReadyText.isEmpty()) {
            if (!can.watchNodes()) {
                throw new InvalidPolicyException(s.path("maxNotReady"), "needs the coordinator to watch Nodes "
                        + "(kreboot.watch-nodes=true): without Node facts every node looks Ready");
            }
            maxNotReady = BudgetSpecs.parse(s.path("maxNotReady"), maxNotReadyText, null, null);
        }
        SpecObject d = s.child("deadlines", DEADLINE_FIELDS);
        Policy.Deadlines deadlines = new Policy.Deadlines(d.duration("drain", "2h"), d.duration("reboot", "30m"),
                d.duration("ready", "30m"));
        Blockers blockers = s.has("blockers") ? BlockerSpecs.blockers(s.child("blockers", BlockerSpecs.FIELDS))
                : null;
        HealthGate health = s.has("healthGate")
                ? BlockerSpecs.healthGate(s.child("healthGate", BlockerSpecs.HEALTH_FIELDS), blockers) : null;
        Policy policy = new Policy(budgets, window, margin, blockers == null ? can.blockerChecks() : blockers.any(),
                can.blockerMaxAge(), maxNotReady, deadlines, s.duration("soakTime", "0"),
                health == null ? can.healthQuery() : health.on(), s.bool("canary"),
                s.nonNegative("maxConsecutiveFailures"), s.bool("dryRun"));
        return new Mapped(policy, s.bool("paused"), new Adapters(blockers, health));
    }
}
