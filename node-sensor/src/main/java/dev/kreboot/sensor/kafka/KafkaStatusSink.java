package dev.kreboot.sensor.kafka;

import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.sensor.app.StatusSink;

/**
 * Publishes to {@code kreboot.node-status}, keyed by node so a node's statuses stay in order and
 * compaction keeps the latest. Waits for the broker's acknowledgement and throws when the status
 * was not stored. Thread-safe; many sensors may share one sink.
 */
public final class KafkaStatusSink implements StatusSink {
    private final RecordSender sender;
    private final Topics topics;

    public KafkaStatusSink(RecordSender sender, Topics topics) {
        this.sender = sender;
        this.topics = topics;
    }

    @Override
    public void publish(NodeStatus status) {
        sender.send(topics.nodeStatus(), status.getHeader().getNode(), status);
    }
}
