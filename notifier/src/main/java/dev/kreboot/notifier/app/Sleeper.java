package dev.kreboot.notifier.app;

import java.time.Duration;

/** Waits between attempts; tests pass one that records the wait and returns at once. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
