package dev.kreboot.executor.kafka;

import dev.kreboot.executor.app.ProgressSink;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.RecordSender;

/** Publishes progress to {@code kreboot.progress}, keyed by node, waiting for the broker's acknowledgement. */
public final class KafkaProgressSink implements ProgressSink {
    private final RecordSender sender;
    private final String topic;

    public KafkaProgressSink(RecordSender sender, Topics topics) {
        this.sender = sender;
        this.topic = topics.progress();
    }

    @Override
    public void publish(NodeProgress progress) {
        sender.send(topic, progress.getHeader().getNode(), progress);
    }
}
