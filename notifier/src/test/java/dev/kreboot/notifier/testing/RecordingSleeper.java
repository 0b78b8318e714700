package dev.kreboot.notifier.testing;

import dev.kreboot.notifier.app.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every wait the retry loop asks for and returns at once: retries need no real time. */
public final class RecordingSleeper implements Sleeper {
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        waits.add(duration);
    }

    public List<Duration> waits() {
        return List.copyOf(waits);
    }
}
