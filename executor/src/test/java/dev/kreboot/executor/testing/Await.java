package dev.kreboot.executor.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline; the only way tests synchronise with background work. */
public final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    public static void await(Duration timeout, BooleanSupplier condition) {
        await(timeout, () -> "condition", condition);
    }

    public static void await(Duration timeout, Supplier<String> description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not true within " + timeout + ": " + description.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
