package dev.kreboot.executor.app;

import dev.kreboot.schemas.NodeProgress;

/** Where progress goes (Kafka in production). Throws when the event was not stored; the executor retries. */
@FunctionalInterface
public interface ProgressSink {
    void publish(NodeProgress progress);
}
