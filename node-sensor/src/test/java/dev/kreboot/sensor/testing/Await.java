package dev.kreboot.sensor.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition with a deadline, instead of sleeping and hoping. */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    public static void await(Duration timeout, BooleanSupplier condition) {
        await(timeout, condition, () -> "condition");
    }

    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout + ": " + what.get());
            }
            // Yields the CPU between checks; the condition, not this pause, decides when to go on.
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted while waiting for " + what.get());
            }
        }
    }
}
