package dev.kreboot.executor.kubernetes;

import dev.kreboot.executor.config.ExecutorSettings;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Objects;

/**
 * Which Kubernetes API failures are worth repeating at once, and how long to wait between tries.
 * Repeated: 429 (API priority and fairness, rate limits; an eviction's 429 is a budget's answer and
 * is not an error at all), every 5xx, no answer (code 0: connection refused or reset, timeout) and,
 * for a node patch only, 409 Conflict, since each try reads the node afresh. Everything else (400,
 * 403, 404, 422) would get the same answer again. The wait doubles from {@code backoff} and is
 * capped at 16 times it, so a call takes at most about {@code retries * 16 * backoff} longer.
 *
 * @param retries repeats after the first try; 0 tries once
 */
public record ApiRetry(int retries, Duration backoff) {
    /** One try, no repeat: the caller's own schedule retries. */
    public static final ApiRetry NONE = new ApiRetry(0, Duration.ofMillis(1));
    private static final int MAX_DOUBLINGS = 4;

    public ApiRetry {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got: " + retries);
        }
        Objects.requireNonNull(backoff, "backoff");
    }

    public static ApiRetry from(ExecutorSettings settings) {
        return new ApiRetry(settings.apiRetries(), settings.apiRetryBackoff());
    }

    /** Whether another try may be answered differently; {@code freshRead}: the call reads before it writes. */
    static boolean retriable(KubernetesClientException e, boolean freshRead) {
        int code = e.getCode();
        return code == 0 || code == 429 || code >= 500 || (freshRead && code == 409);
    }

    /** The wait before repeat number {@code repeat} (0-based). */
    Duration delay(int repeat) {
        return backoff.multipliedBy(1L << Math.min(repeat, MAX_DOUBLINGS));
    }
}
