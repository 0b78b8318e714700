package dev.kreboot.coordinator.http;

import dev.kreboot.coordinator.domain.BudgetStatus;
import dev.kreboot.coordinator.domain.Explanation;
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
        static Node of(Explanation e) {
            return new Node(e.node(), e.phase().name(), e.rebootId(), text(e.phaseSince()), text(e.deadline()),
                    e.reasons().stream().map(r -> new Reason(r.name(), r.text())).toList());
        }
    }

    @Serdeable
    record Nodes(boolean leader, boolean paused, boolean dryRun, List<Node> nodes) {
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

    private static String text(java.time.Instant t) {
        return t == null ? null : t.toString();
    }
}
