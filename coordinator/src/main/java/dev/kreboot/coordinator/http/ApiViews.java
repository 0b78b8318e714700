package dev.kreboot.coordinator.http;

import dev.kreboot.coordinator.domain.BudgetStatus;
import dev.kreboot.coordinator.app.NodesView;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** JSON bodies of the HTTP API; the domain stays free of serialisation annotations. */
final class ApiViews {
    private ApiViews() {
    }

    @Serdeable
    record Reason(String code, String message) {
    }

    /** One node: its phase and every reason it is not progressing; instants as ISO-8601 text. */
    @Serdeable
    record Node(String node, String phase, String rebootId, String phaseSince, String deadline,
                List<Reason> reasons) {
        static Node of(NodesView.Node n) {
            return new Node(n.node(), n.phase(), n.rebootId(), n.phaseSince(), n.deadline(),
                    n.reasons().stream().map(r -> new Reason(r.code(), r.message())).toList());
        }
    }

    /** {@code GET /nodes}: a field-for-field copy of the shared {@link NodesView}. */
    @Serdeable
    record Nodes(boolean leader, boolean paused, boolean dryRun, List<Node> nodes) {
        static Nodes of(NodesView v) {
            return new Nodes(v.leader(), v.paused(), v.dryRun(), v.nodes().stream().map(Node::of).toList());
        }
    }

    @Serdeable
    record Budget(int index, String budget, String group, boolean active, int eligible, int inUse, int allowed) {
        static Budget of(BudgetStatus b) {
            return new Budget(b.index(), b.budget(), b.group(), b.active(), b.eligible(), b.inUse(), b.allowed());
        }
    }

    @Serdeable
    record Budgets(boolean leader, boolean paused, boolean dryRun, List<Budget> budgets) {
    }

    /** A write was stored on the control topic; the leader applies it with its next poll. */
    @Serdeable
    record Accepted(String action, String node, String requestedBy) {
    }

    @Serdeable
    record Error(String error, String message) {
    }
}
