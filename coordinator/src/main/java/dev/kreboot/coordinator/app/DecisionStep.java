package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Coordinator;
import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.coordinator.domain.NodeRecord;
import dev.kreboot.coordinator.domain.Output;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way an input reaches the {@link Coordinator} within a term: decide, commit the outputs
 * ({@link TransactionalPublisher}) before the next input is applied, then publish the new state to
 * the {@link PublishedViews}. Every caller (replay, the poll loop, the ports) goes through here on the
 * runtime thread, so the domain sees one ordered stream of inputs and stays replayable.
 */
final class DecisionStep {
    private final Coordinator coordinator;
    private final TransactionalPublisher publisher;
    private final TermContext context;
    /** The term replayed its history: phase changes from now on happen in real time and are timed. */
    private boolean caughtUp;
    /** The policy state of the last decision, to see when a RebootPolicy swapped the blockers. */
    private PolicyInForce.State lastState;

    DecisionStep(Coordinator coordinator, TransactionalPublisher publisher, TermContext context) {
        this.coordinator = coordinator;
        this.publisher = publisher;
        this.context = context;
    }

    /** Read-only use by the ports schedule (facts, nodes); inputs go through {@link #apply}. */
    Coordinator coordinator() {
        return coordinator;
    }

    boolean caughtUp() {
        return caughtUp;
    }

    /** The replay reached the end offsets seen at start: what is decided from now on is timed. */
    void replayDone() {
        caughtUp = true;
    }

    void apply(Input input) {
        apply(List.of(input));
    }

    /**
     * One poll's inputs are decided together and their outputs committed in one transaction, by
     * the newest policy state: a RebootPolicy change is in force at the next decision.
     */
    void apply(List<Input> inputs) {
        apply(inputs, context.policies().advance());
    }

    /**
     * Decides {@code inputs} by {@code state}: the ports schedule passes the state whose blockers
     * and health check produced the verdicts, so a verdict is never applied under another policy's
     * blockers. When the adapters differ from the last decision's, what the retired ones said is
     * voided first ({@link AdapterSwap}): it must not let a node through before the new ones have
     * been asked.
     */
    void apply(List<Input> inputs, PolicyInForce.State state) {
        RuntimeMeters meters = context.meters();
        PublishedViews views = context.views();
        Timer.Sample sample = meters.startDecision();
        Instant now = context.clock().instant();
        List<Input> all = inputs;
        List<Input> voided = AdapterSwap.voided(lastState, state, coordinator.nodes().keySet());
        if (!voided.isEmpty()) {
            all = new ArrayList<>(voided);
            all.addAll(inputs);
        }
        lastState = state;
        context.policies().putInForce(coordinator, state);
        List<Output> outputs = coordinator.applyAll(all, now);
        if (!outputs.isEmpty()) {
            publisher.publish(outputs, now);
        }
        Map<String, NodeRecord> before = views.decided(coordinator);
        if (caughtUp) {
            meters.phasesLeft(before, views.nodes(), now);
        }
        String kind = inputs.size() == 1 ? inputs.get(0).getClass().getSimpleName() : "Batch";
        meters.decided(sample, kind, !outputs.isEmpty());
    }

    /** Explanations, budgets and the gauges built from them, once per tick (explaining costs a grant pass). */
    void refreshViews(Instant now) {
        PublishedViews views = context.views();
        views.refresh(coordinator, now);
        context.meters().fleet(views.explanations(), views.budgets());
    }
}
