package dev.kreboot.executor.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * Which pods a drain may evict and how long it waits for terminating ones (kured's drain flags).
 *
 * @param podSelector                 only matching pods are evicted ({@code drain-pod-selector})
 * @param deleteEmptyDirData          pods with emptyDir volumes may be evicted (their data is lost);
 *                                    false makes such a pod fail the drain, as kubectl does
 * @param deletePodsWithoutController pods no controller recreates may be evicted (kubectl's
 *                                    {@code --force}); false makes such a pod fail the drain
 * @param skipWaitForDeleteTimeout    a pod terminating for longer than this no longer holds the drain;
 *                                    zero waits for every pod
 */
public record DrainPolicy(PodSelector podSelector, boolean deleteEmptyDirData, boolean deletePodsWithoutController,
                          Duration skipWaitForDeleteTimeout) {

    /** kured's fixed choices: every pod, emptyDir data deleted, bare pods evicted, wait for every pod. */
    public static final DrainPolicy KURED = new DrainPolicy(PodSelector.everything(), true, true, Duration.ZERO);

    public DrainPolicy {
        Objects.requireNonNull(podSelector, "podSelector");
        Objects.requireNonNull(skipWaitForDeleteTimeout, "skipWaitForDeleteTimeout");
    }

    boolean stopsWaitingFor(PodFacts pod, java.time.Instant now) {
        return !skipWaitForDeleteTimeout.isZero() && pod.deletedAt() != null
                && !now.isBefore(pod.deletedAt().plus(skipWaitForDeleteTimeout));
    }
}
