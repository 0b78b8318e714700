package dev.kreboot.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.coordinator.app.NodesView;
import dev.kreboot.coordinator.app.PolicyStatus;
import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.Phase;
import io.micronaut.serde.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /nodes (through Micronaut's own serialisation of the API views) and the RebootPolicy's
 * status.nodes, for every shape a node can take: null rebootId, null deadline, no reasons, several
 * reasons. Same view in, same JSON out.
 */
class NodesViewParityTest {
    private static final Instant T0 = Instant.parse("2026-12-04T02:00:00Z");

    @Test
    void statusNodesAreTheApiNodesForEveryShapeOfNode() throws Exception {
        NodesView view = new NodesView(true, false, false, List.of(
                new Explanation("idle", Phase.IDLE, null, T0, null, List.of(BlockReason.NOT_REQUIRED)),
                new Explanation("next", Phase.REQUESTED, "r-1", T0, null, List.of()),
                new Explanation("held", Phase.REQUESTED, "r-2", T0, null, List.of(BlockReason.BUDGET_EXHAUSTED,
                        BlockReason.OUTSIDE_WINDOW, BlockReason.POLICY_PAUSED)),
                new Explanation("out", Phase.DRAINING, "r-3", T0, T0.plusSeconds(7200),
                        List.of(BlockReason.AWAITING_DRAIN))).stream().map(NodesView.Node::of).toList());
        ObjectMapper json = ObjectMapper.getDefault();
        Map<?, ?> api = json.readValue(json.writeValueAsString(ApiViews.Nodes.of(view)), Map.class);
        List<Map<String, Object>> status = view.nodes().stream().map(PolicyStatus::node).toList();
        Object statusNodes = json.readValue(json.writeValueAsString(status), Object.class);
        assertEquals(api.get("nodes"), statusNodes);
        assertEquals(4, ((List<?>) statusNodes).size());
    }
}
