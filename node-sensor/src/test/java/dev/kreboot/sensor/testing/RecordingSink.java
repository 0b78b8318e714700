package dev.kreboot.sensor.testing;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.sensor.app.StatusSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Keeps every published status; can be told to refuse the next few. */
public final class RecordingSink implements StatusSink {
    private final List<NodeStatus> statuses = new ArrayList<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    @Override
    public void publish(NodeStatus status) {
        if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refused.incrementAndGet();
            throw new IllegalStateException("broker unavailable (injected)");
        }
        synchronized (statuses) {
            statuses.add(status);
        }
    }

    public void failNext(int count) {
        failuresToInject.set(count);
    }

    public int refused() {
        return refused.get();
    }

    public List<NodeStatus> statuses() {
        synchronized (statuses) {
            return List.copyOf(statuses);
        }
    }

    public NodeStatus last() {
        synchronized (statuses) {
            return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
        }
    }

    public boolean lastMatches(Predicate<NodeStatus> predicate) {
        NodeStatus last = last();
        return last != null && predicate.test(last);
    }

    public int size() {
        synchronized (statuses) {
            return statuses.size();
        }
    }
}
