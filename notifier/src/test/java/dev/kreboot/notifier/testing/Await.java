package dev.kreboot.notifier.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;

/** Waits on a condition with a deadline; never a fixed sleep. */
public final class Await {
    private Await() {
    }

    public static void await(Duration deadline, BooleanSupplier condition) {
        await(deadline, condition, () -> "");
    }

    public static void await(Duration deadline, BooleanSupplier condition, Supplier<String> state) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("condition not met within " + deadline + " " + state.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
