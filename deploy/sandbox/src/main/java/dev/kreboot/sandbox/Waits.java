package dev.kreboot.sandbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a condition with a deadline, checking every few milliseconds. */
final class Waits {
    private Waits() {
    }

    static boolean tryUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        if (!tryUntil(timeout, condition)) {
            throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
        }
    }
}
