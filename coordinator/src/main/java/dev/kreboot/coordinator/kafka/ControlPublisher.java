package dev.kreboot.coordinator.kafka;

import dev.kreboot.schemas.Control;
import dev.kreboot.schemas.ControlAction;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.RecordSender;
import java.time.Clock;

/**
 * Writes an operator's instruction to {@code kreboot.control}: any replica accepts it, the leader
 * applies it in log order with every other input (and a new leader replays it).
 */
public final class ControlPublisher {
    private final RecordSender sender;
    private final Topics topics;
    private final Events events;
    private final Clock clock;

    public ControlPublisher(RecordSender sender, Topics topics, Events events, Clock clock) {
        this.sender = sender;
        this.topics = topics;
        this.events = events;
        this.clock = clock;
    }

    /** Sends and waits for the broker's acknowledgement; {@code node} is {@code "*"} for cluster-wide actions. */
    public void send(String node, ControlAction action, String requestedBy, String comment) {
        sender.send(topics.control(), node, Control.newBuilder()
                .setHeader(events.header(node, null, clock.instant()))
                .setAction(action).setRequestedBy(requestedBy).setComment(comment).build());
    }
}
