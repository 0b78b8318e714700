package dev.kreboot.sandbox;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code --hold}: keeps the last run's broker, API server and services up after the rollout, so a
 * person or an outside Kafka client can look around, until the process is asked to stop (Ctrl-C
 * sends SIGINT, {@code kill} and container runtimes send SIGTERM).
 *
 * <p>Both signals start the JVM's shutdown, which runs the hook registered here and halts once every
 * hook has returned. The hook therefore first releases the waiting run, then waits (bounded) until
 * the run has closed its services, the API server and the broker; without that wait the JVM would
 * halt mid-close and leave a half-written log directory and an unfinished final line.
 */
final class Hold {
    /** How long a stop signal waits for the services to close before the JVM halts anyway. */
    static final long CLOSE_GRACE_SECONDS = 30;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private Hold() {
    }

    /** A hold released by the JVM's shutdown (SIGINT, SIGTERM). */
    static Hold untilShutdown() {
        Hold hold = new Hold();
        Runtime.getRuntime().addShutdownHook(new Thread(hold::onShutdown, "kreboot-sandbox-hold"));
        return hold;
    }

    private void onShutdown() {
        stopRequested.countDown();
        try {
            closed.await(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks the run until a stop is requested. */
    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** Called once the run has closed everything: lets a pending shutdown finish. */
    void closed() {
        closed.countDown();
    }
}
