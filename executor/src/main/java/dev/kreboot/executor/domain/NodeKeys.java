package dev.kreboot.executor.domain;

import dev.kreboot.schemas.Keys;

/**
 * Node annotations only the executor reads or writes. The shared ones live in {@link Keys}; these
 * are proposals for it.
 */
public final class NodeKeys {
    /** The newest commandSeq the executor acted on for this node, so a restarted executor ignores replays. */
    public static final String LAST_COMMAND_SEQ = Keys.PREFIX + "last-command-seq";
    /**
     * rebootId whose reboot was requested but the host did not go down within the reboot timeout;
     * a restarted executor does not ask again (the coordinator was told FAILED).
     */
    public static final String REBOOT_TIMED_OUT = Keys.PREFIX + "reboot-timed-out";
    /**
     * RFC 3339 time this executor asked the host to reboot, written just before the request, for the
     * rebootId in {@link #REBOOT_REQUESTED_FOR}: a restarted executor waits for the host to go down
     * until this plus the reboot timeout instead of asking again. Removed by the restore.
     */
    public static final String REBOOT_REQUESTED_AT = Keys.PREFIX + "reboot-requested-at";
    /** rebootId whose reboot {@link #REBOOT_REQUESTED_AT} records. */
    public static final String REBOOT_REQUESTED_FOR = Keys.PREFIX + "reboot-requested-for";
    /** With annotate-nodes (kured's {@code weave.works/kured-reboot-in-progress}): RFC 3339 time the drain began. */
    public static final String REBOOT_IN_PROGRESS_SINCE = Keys.PREFIX + "reboot-in-progress-since";
    /** With annotate-nodes (kured's {@code weave.works/kured-most-recent-reboot-needed}): RFC 3339; kept after the reboot. */
    public static final String MOST_RECENT_REBOOT_NEEDED = Keys.PREFIX + "most-recent-reboot-needed";

    private NodeKeys() {
    }
}
