package dev.kreboot.agent;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition with a deadline (never a fixed sleep as synchronisation). */
final class Await {
    private Await() {
    }

    static void await(Duration timeout, Supplier<String> state, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + "; state: " + state.get());
            }
            // Yield the core between checks; the condition, not this pause, decides when we go on.
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    static void await(Duration timeout, BooleanSupplier condition) {
        await(timeout, () -> "(not shown)", condition);
    }
}
