package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.config.CoordinatorSettings;
import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.coordinator.domain.NodeRecord;
import dev.kreboot.coordinator.domain.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a term consults its {@link CoordinatorPorts}, on the runtime thread, each answer applied as an
 * input through the {@link DecisionStep} (so the domain stays replayable):
 * <ul>
 * <li>Node facts once before {@code CaughtUp} (so the first grants already count NotReady nodes), then
 *     every blocker period; a node missing from the list becomes a deletion. Pushed changes from a
 *     watching source apply as soon as they arrive ({@link #applyPushed()}).</li>
 * <li>Blockers every period for the cluster and the nodes waiting for a grant (REQUESTED), and on
 *     every tick while a drained node waits for its pre-reboot check (DRAINED).</li>
 * <li>The health query every period for nodes past their soak.</li>
 * </ul>
 * The blockers and the health check are those of the newest policy state, taken once per tick
 * ({@link PolicyInForce#advance()}): a RebootPolicy can change them, and each answer is applied
 * under the same state whose adapters produced it ({@link DecisionStep#apply(List, PolicyInForce.State)}).
 */
final class PortsSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);

    private final CoordinatorSettings settings;
    private final Clock clock;
    private final TermContext context;
    private final DecisionStep step;
    private Instant lastEvaluation = Instant.EPOCH;

    PortsSchedule(TermContext context, DecisionStep step) {
        this.context = context;
        this.step = step;
        settings = context.settings();
        clock = context.clock();
    }

    /** On every tick after the replay. */
    void tick() {
        Instant now = clock.instant();
        Map<String, NodeRecord> nodes = step.coordinator().nodes();
        boolean due = Duration.between(lastEvaluation, now).compareTo(settings.blockers().period()) >= 0;
        boolean drainedWaiting = nodes.values().stream().anyMatch(n -> n.phase() == Phase.DRAINED);
        // One state for the evaluations and their verdicts: the blockers asked are the policy's.
        PolicyInForce.State state = context.policies().advance();
        if (due) {
            lastEvaluation = now;
            observeNodes();
            checkHealth(nodes, state);
        }
        if (due || drainedWaiting) {
            evaluateBlockers(nodes, now, state);
        }
    }

    /** Node changes a watching source pushed since the last poll, newest per node. */
    void applyPushed() {
        List<Input> changed = context.pushed().takeChanged(step.coordinator()::facts);
        if (!changed.isEmpty()) {
            step.apply(changed);
        }
    }

    /** Lists the Nodes and applies what changed; a failed list keeps the last facts. */
    void observeNodes() {
        CoordinatorPorts ports = context.policies().inUse().ports();
        if (ports.nodes() == null) {
            return;
        }
        List<Input.NodeObserved> observed;
        try {
            observed = ports.nodes().observe();
        } catch (RuntimeException e) {
            LOG.warn("could not list Nodes, keeping the last facts: {}", e.toString());
            return;
        }
        Map<String, Input.NodeObserved> known = step.coordinator().facts();
        Set<String> seen = new HashSet<>();
        List<Input> changed = new ArrayList<>();
        for (Input.NodeObserved facts : observed) {
            seen.add(facts.node());
            if (!facts.equals(known.get(facts.node()))) {
                changed.add(facts);
            }
        }
        for (Input.NodeObserved previous : known.values()) {
            if (!previous.deleted() && !seen.contains(previous.node())) {
                changed.add(new Input.NodeObserved(previous.node(), previous.labels(), false, false, true));
            }
        }
        if (!changed.isEmpty()) {
            step.apply(changed);
        }
    }

    private void evaluateBlockers(Map<String, NodeRecord> nodes, Instant now, PolicyInForce.State state) {
        CoordinatorPorts ports = state.ports();
        if (ports.blockers().isEmpty()) {
            return;
        }
        List<String> candidates = nodes.values().stream()
                .filter(n -> n.phase() == Phase.REQUESTED || n.phase() == Phase.DRAINED).map(NodeRecord::node).toList();
        List<BlockReason> cluster = new ArrayList<>();
        Map<String, List<BlockReason>> perNode = new LinkedHashMap<>();
        candidates.forEach(n -> perNode.put(n, new ArrayList<>()));
        for (Blocker blocker : ports.blockers()) {
            Blocker.Verdict verdict = blocker.evaluate(candidates);
            addNew(cluster, verdict.cluster());
            verdict.nodes().forEach((node, reasons) -> {
                if (perNode.containsKey(node)) {
                    addNew(perNode.get(node), reasons);
                }
            });
            if (!verdict.detail().isEmpty()) {
                LOG.debug("{}: {}", blocker.getClass().getSimpleName(), verdict.detail());
            }
        }
        // One decision pass over all verdicts instead of one per node.
        List<Input> verdicts = new ArrayList<>();
        verdicts.add(new Input.BlockersEvaluated(Input.BlockersEvaluated.CLUSTER, cluster, now));
        perNode.forEach((node, reasons) -> verdicts.add(new Input.BlockersEvaluated(node, reasons, now)));
        step.apply(verdicts, state);
    }

    private static void addNew(List<BlockReason> into, List<BlockReason> reasons) {
        reasons.stream().filter(r -> !into.contains(r)).forEach(into::add);
    }

    private void checkHealth(Map<String, NodeRecord> nodes, PolicyInForce.State state) {
        CoordinatorPorts ports = state.ports();
        if (ports.health() == null) {
            return;
        }
        List<Input> checked = new ArrayList<>();
        for (NodeRecord n : nodes.values()) {
            Instant soaked = n.backSince() == null ? null : n.backSince().plus(state.policy().soak());
            if (soaked != null && !clock.instant().isBefore(soaked)) {
                Instant at = clock.instant();
                checked.add(new Input.HealthChecked(n.node(), ports.health().healthy(n.node()), at));
            }
        }
        if (!checked.isEmpty()) {
            step.apply(checked, state);
        }
    }
}
