package dev.kreboot.schemas.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class LoopThreadsTest {

    @Test
    void awaitEndIsTrueOnceTheShutDownPoolHasFinishedItsTasks() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        pool.shutdown();

        assertTrue(LoopThreads.awaitEnd(pool, 10_000));
        assertTrue(pool.isTerminated());
        assertEquals(0, ran.getCount(), "the queued task ran before the pool ended");
    }

    @Test
    void awaitEndIsFalseWhenATaskOutlastsTheWait() {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = shutDownWithATaskWaitingFor(release);
        try {
            assertFalse(LoopThreads.awaitEnd(pool, 20));
            assertFalse(pool.isTerminated());
        } finally {
            release.countDown();
        }
        assertTrue(LoopThreads.awaitEnd(pool, 10_000));
    }

    @Test
    void anInterruptedWaitIsFalseAndKeepsTheFlag() {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = shutDownWithATaskWaitingFor(release);
        Thread.currentThread().interrupt();
        try {
            assertFalse(LoopThreads.awaitEnd(pool, 10_000), "an interrupted wait does not claim the pool ended");
            assertTrue(Thread.interrupted(), "the interruption is set again for the caller (and cleared here)");
        } finally {
            release.countDown();
        }
        assertTrue(LoopThreads.awaitEnd(pool, 10_000));
    }

    /** A shut-down single-thread pool whose one task runs until {@code release} is counted down. */
    private static ExecutorService shutDownWithATaskWaitingFor(CountDownLatch release) {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pool.shutdown();
        return pool;
    }
}
