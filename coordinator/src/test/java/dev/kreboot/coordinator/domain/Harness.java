package dev.kreboot.coordinator.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A coordinator with a hand-moved clock and shorthand inputs, recording every output. */
final class Harness {
    final Coordinator coordinator;
    final List<Output> outputs = new ArrayList<>();
    Instant now = Instant.parse("2026-11-28T02:00:00Z");
    private long seq;

    Harness() {
        this(Policy.of(new Budget(1, 0)));
    }

    Harness(Policy policy) {
        this.coordinator = new Coordinator(policy);
    }

    List<Output> apply(Input input) {
        List<Output> out = coordinator.apply(input, now);
        outputs.addAll(out);
        return out;
    }

    Harness at(String instant) {
        now = Instant.parse(instant);
        return this;
    }

    Harness later(java.time.Duration d) {
        now = now.plus(d);
        return this;
    }

    Harness caughtUp() {
        apply(new Input.CaughtUp());
        return this;
    }

    Harness tick() {
        apply(new Input.Tick());
        return this;
    }

    Harness zone(String node, String zone) {
        apply(new Input.NodeObserved(node, Map.of("zone", zone), true, false, false));
        return this;
    }

    Harness require(String node) {
        apply(new Input.StatusReported(node, true, "boot-" + node, ++seq, "sensor-" + node, null));
        return this;
    }

    Harness progress(String node, Input.Step step) {
        String previous = step == Input.Step.COMPLETED || step == Input.Step.REBOOTED ? "boot-" + node : null;
        apply(new Input.ProgressReported(node, rebootId(node), step, previous == null ? "boot-" + node
                : "boot-" + node + "+", previous));
        return this;
    }

    Harness blockers(String scope, BlockReason... reasons) {
        apply(new Input.BlockersEvaluated(scope, List.of(reasons), now));
        return this;
    }

    String rebootId(String node) {
        return Coordinator.rebootId(node, "boot-" + node);
    }

    Set<String> holders() {
        return coordinator.nodes().values().stream().filter(n -> n.phase().holdsSlot()).map(NodeRecord::node)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    Phase phase(String node) {
        return coordinator.nodes().get(node).phase();
    }

    Explanation explain(String node) {
        return coordinator.explain(node, now);
    }

    List<Output.SendDrain> drains() {
        return outputs.stream().filter(Output.SendDrain.class::isInstance).map(Output.SendDrain.class::cast).toList();
    }

    List<Output.SendReboot> reboots() {
        return outputs.stream().filter(Output.SendReboot.class::isInstance).map(Output.SendReboot.class::cast).toList();
    }

    List<Output.Announce> announced(Output.Kind kind) {
        return outputs.stream().filter(o -> o instanceof Output.Announce a && a.kind() == kind)
                .map(Output.Announce.class::cast).toList();
    }
}
