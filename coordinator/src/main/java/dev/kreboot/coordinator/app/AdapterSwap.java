package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Input;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a RebootPolicy change that swapped the adapters voids: the verdicts of the retired blockers
 * and the results of the retired health check. Until the new adapters have been asked, nothing
 * the old ones said may let a node through:
 * <ol>
 * <li>Blockers changed: every verdict (cluster and per node) is replaced by an empty one at the
 *     epoch, older than any max age, so a grant waits for a fresh verdict of the new blockers.</li>
 * <li>Health check changed: every node's result is replaced by an unhealthy one at the epoch, so
 *     a node back from its reboot keeps its slot until the new query has been run after its soak
 *     (a clear result of the old query, taken while the node was not yet Ready, would otherwise
 *     free the slot the moment it turns Ready).</li>
 * </ol>
 * Adapters are compared by identity. The environment's are kept across generations that do not
 * mention them, so such a generation voids nothing; a generation that carries
 * {@code spec.blockers} or {@code spec.healthGate} builds its adapters anew and voids what the
 * previous ones said even when the spec repeats them: the cost is at most one blocker period of
 * waiting, on the safe side.
 */
final class AdapterSwap {
    private AdapterSwap() {
    }

    /** The inputs to apply before the first decision under {@code after}; empty when nothing changed. */
    static List<Input> voided(PolicyInForce.State before, PolicyInForce.State after, Collection<String> nodes) {
        List<Input> voided = new ArrayList<>();
        if (before == null) {
            return voided;
        }
        if (!same(before.ports().blockers(), after.ports().blockers())) {
            voided.add(new Input.BlockersEvaluated(Input.BlockersEvaluated.CLUSTER, List.of(), Instant.EPOCH));
            for (String node : nodes) {
                voided.add(new Input.BlockersEvaluated(node, List.of(), Instant.EPOCH));
            }
        }
        if (before.ports().health() != after.ports().health()) {
            for (String node : nodes) {
                voided.add(new Input.HealthChecked(node, false, Instant.EPOCH));
            }
        }
        return voided;
    }

    private static boolean same(List<Blocker> a, List<Blocker> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
