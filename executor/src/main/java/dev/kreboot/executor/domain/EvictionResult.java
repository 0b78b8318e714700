package dev.kreboot.executor.domain;

/** What one eviction request achieved. */
public record EvictionResult(Outcome outcome, String detail) {

    public enum Outcome {
        /** The API server accepted the eviction; the pod is terminating. */
        EVICTED,
        /** Refused for now (429: a PodDisruptionBudget or rate limit); try again later. */
        BLOCKED,
        /** The pod no longer exists. */
        GONE,
        /** Any other failure; try again later. */
        FAILED
    }

    public static EvictionResult evicted() {
        return new EvictionResult(Outcome.EVICTED, null);
    }

    public static EvictionResult blocked(String detail) {
        return new EvictionResult(Outcome.BLOCKED, detail);
    }

    public static EvictionResult gone() {
        return new EvictionResult(Outcome.GONE, null);
    }

    public static EvictionResult failed(String detail) {
        return new EvictionResult(Outcome.FAILED, detail);
    }

    /** The finding to report while the pod stays, or null when the request went through. */
    public Finding finding() {
        return switch (outcome) {
            case BLOCKED -> ExecutorReason.EVICTION_BLOCKED.because(detail);
            case FAILED -> ExecutorReason.EVICTION_ERROR.because(detail);
            case EVICTED, GONE -> null;
        };
    }
}
