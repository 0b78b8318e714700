package dev.kreboot.executor.domain;

/**
 * What this executor process remembers beyond the Node object.
 *
 * @param handledSeq      newest command sequence this process acted on
 * @param activity        what the worker is busy with, or null
 * @param activityReboot  the rebootId of that activity, or null
 * @param rebootIssuedFor rebootId whose reboot this process already asked the host for, or null
 */
public record ExecutorMemory(long handledSeq, ActivityKind activity, String activityReboot, String rebootIssuedFor) {

    public static ExecutorMemory empty() {
        return new ExecutorMemory(Long.MIN_VALUE, null, null, null);
    }

    public boolean busyWith(ActivityKind kind, String rebootId) {
        return activity == kind && rebootId.equals(activityReboot);
    }
}
