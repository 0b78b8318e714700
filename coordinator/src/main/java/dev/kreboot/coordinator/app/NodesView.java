package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Explanation;
import java.time.Instant;
import java.util.List;

/**
 * The one view of the nodes that both {@code GET /nodes} and the RebootPolicy status are built
 * from, so the two cannot drift: same nodes, same order, same phases, same reasons, same text.
 * Instants are ISO-8601 text, as both JSON documents carry them.
 */
public record NodesView(boolean leader, boolean paused, boolean dryRun, List<Node> nodes) {
    public NodesView {
        nodes = List.copyOf(nodes);
    }

    /** One reason a node is not progressing: the stable code and the human text. */
    public record Reason(String code, String message) {
    }

    /** One node: its phase and every reason it is not progressing. */
    public record Node(String node, String phase, String rebootId, String phaseSince, String deadline,
                       List<Reason> reasons) {
        public Node {
            reasons = List.copyOf(reasons);
        }

        public static Node of(Explanation e) {
            return new Node(e.node(), e.phase().name(), e.rebootId(), text(e.phaseSince()), text(e.deadline()),
                    e.reasons().stream().map(r -> new Reason(r.name(), r.text())).toList());
        }
    }

    /** This replica's view as of its last tick (a standby's is empty, with {@code leader} false). */
    public static NodesView of(CoordinatorRuntime runtime) {
        return new NodesView(runtime.leading(), runtime.paused(), runtime.dryRun(),
                runtime.explanations().values().stream().map(Node::of).toList());
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
