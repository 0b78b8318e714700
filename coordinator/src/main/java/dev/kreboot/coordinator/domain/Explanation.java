package dev.kreboot.coordinator.domain;

import java.time.Instant;
import java.util.List;

/**
 * Why a node is where it is: its phase, and every reason it is not progressing right now (empty
 * when it is idle with nothing to do, or about to be granted).
 *
 * @param deadline when the current phase turns STUCK, or null without a deadline
 */
public record Explanation(String node, Phase phase, String rebootId, Instant phaseSince, Instant deadline,
                          List<BlockReason> reasons) {
    public Explanation {
        reasons = List.copyOf(reasons);
    }
}
