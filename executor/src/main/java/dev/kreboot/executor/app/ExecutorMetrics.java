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
    /** Counter, tags {@code phase} (DRAIN_FAILED, FAILED, COMMAND_REJECTED), {@code reason} (the reason code). */
    public static final String FAILURES = "kreboot.executor.failures";
    /** Timer: from the reboot request until this process saw the new boot id (only when it survives the reboot). */
    public static final String REBOOT_DOWN = "kreboot.executor.reboot.down";
    /** Counter, tag {@code phase}: progress events that could not be published at the first try. */
    public static final String PROGRESS_PUBLISH_FAILURES = "kreboot.executor.progress.publish-failures";

    private ExecutorMetrics() {
    }
}
