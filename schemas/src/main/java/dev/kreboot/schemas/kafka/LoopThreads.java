package dev.kreboot.schemas.kafka;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The thread chores of a loop that runs on its own thread or executor: a pause that ends early
 * when the thread is interrupted, and a bounded wait for the loop (a thread or an executor
 * already shut down) to end on close. An interruption is never swallowed: the flag is set again
 * for the caller.
 */
public final class LoopThreads {
    private LoopThreads() {
    }

    /** Sleeps {@code millis}; false when interrupted (the flag set again), so the loop stops. */
    public static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits up to {@code millis} for {@code thread} to end; an interruption ends the wait (the flag set again). */
    public static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to {@code millis} for {@code pool}, already shut down, to finish its tasks; true
     * when it did, false when the time ran out or the wait was interrupted (the flag set again).
     */
    public static boolean awaitEnd(ExecutorService pool, long millis) {
        try {
            return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
