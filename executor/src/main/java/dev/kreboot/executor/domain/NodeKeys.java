package dev.kreboot.executor.domain;

import dev.kreboot.schemas.Keys;

/**
 * Node annotations only the executor reads. The shared ones live in {@link Keys}; this one is a
 * proposal for it.
 */
public final class NodeKeys {
    /** The newest commandSeq the executor acted on for this node, so a restarted executor ignores replays. */
    public static final String LAST_COMMAND_SEQ = Keys.PREFIX + "last-command-seq";

    private NodeKeys() {
    }
}
