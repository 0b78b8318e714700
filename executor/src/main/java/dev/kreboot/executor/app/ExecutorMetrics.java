package dev.kreboot.executor.app;

/**
 * The executor's own metric names (proposed for {@code dev.kreboot.schemas.MetricNames}); progress
 * events are counted under {@code MetricNames.EXECUTOR_PROGRESS}.
 */
public final class ExecutorMetrics {
    /** Timer, tags {@code operation} (get-node, patch-node, list-pods, evict), {@code outcome}. */
    public static final String KUBERNETES_CALL = "kreboot.executor.kubernetes";
    /** Timer, tag {@code outcome} (requested, failed): calls of the host's reboot method. */
    public static final String REBOOT_REQUEST = "kreboot.executor.reboot";
    /** Timer, tag {@code outcome} (drained, failed, forced): from the cordon to the end of the drain. */
    public static final String DRAIN_DURATION = "kreboot.executor.drain";
    /**
     * Counter, tags {@code phase} (DRAIN_FAILED, FAILED, COMMAND_REJECTED: one per reason reported;
     * RESTORE: one per restore patch that failed and is retried), {@code reason} (the reason code).
     */
    public static final String FAILURES = "kreboot.executor.failures";
    /** Timer: from the reboot request until this process saw the new boot id (only when it survives the reboot). */
    public static final String REBOOT_DOWN = "kreboot.executor.reboot.down";
    /** Counter, tag {@code outcome} (evicted, blocked, gone, error): eviction requests after their repeats. */
    public static final String EVICTIONS = "kreboot.executor.evictions";
    /** Counter, tags {@code operation}, {@code code} (HTTP status, 0 for no answer): API calls repeated after a failure. */
    public static final String KUBERNETES_RETRIES = "kreboot.executor.kubernetes.retries";
    /**
     * Timer: from the reboot request (the Node's {@code reboot-requested-at}) until the node was back,
     * Ready and restored; measured across executor restarts.
     */
    public static final String REBOOT_DURATION = "kreboot.executor.reboot.duration";
    /** Counter, tag {@code phase}: progress events that could not be published at the first try. */
    public static final String PROGRESS_PUBLISH_FAILURES = "kreboot.executor.progress.publish-failures";

    private ExecutorMetrics() {
    }
}
