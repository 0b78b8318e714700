package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.ActivityKind;
import dev.kreboot.executor.domain.Command;
import java.time.Duration;
import java.util.Optional;

/**
 * A multi-step piece of work on the executor's worker thread (drain, reboot, await return). Each
 * {@link #step()} does a bounded amount of work and never waits, so a newer command can replace
 * the activity between steps. A step that throws is retried later; steps are written to be
 * repeatable.
 */
interface Activity {

    ActivityKind kind();

    Command command();

    /** Does the next bit of work; returns when to step again, or empty when finished. */
    Optional<Duration> step() throws Exception;

    static Optional<Duration> again(Duration after) {
        return Optional.of(after);
    }

    static Optional<Duration> finished() {
        return Optional.empty();
    }
}
