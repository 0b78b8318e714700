package dev.kreboot.sandbox;

import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.wire.UndecodableMessageException;
import dev.kreboot.schemas.wire.WireFormat;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every kreboot topic as an outside subscriber would, keeps each event with its broker
 * timestamp for the report's figures, and prints the live timeline.
 */
final class EventLog implements AutoCloseable {
    /** One event as a subscriber saw it. */
    record Entry(String topic, String node, SpecificRecord value, long timestampMs) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final WireFormat format;
    private final PrintStream out;
    private final long startedAt;
    /** Guarded by itself; with an index per node, as a 1,000-node run asks about one node at a time. */
    private final List<Entry> entries = new java.util.ArrayList<>();
    private final Map<String, List<Entry>> byNode = new HashMap<>();
    private final List<String> undecodable = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> lastRequired = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventLog(KafkaClients clients, Topics topics, WireFormat format, PrintStream out, long startedAt) {
        this.format = format;
        this.out = out;
        this.startedAt = startedAt;
        this.consumer = clients.consumer("sandbox-event-log", null);
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (String topic : List.of(topics.nodeStatus(), topics.commands(), topics.progress(), topics.decisions())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "event-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        Entry entry = new Entry(record.topic(), record.key(), format.decode(record.value()),
                                record.timestamp());
                        synchronized (entries) {
                            entries.add(entry);
                            byNode.computeIfAbsent(entry.node(), n -> new java.util.ArrayList<>()).add(entry);
                        }
                        print(entry);
                    } catch (UndecodableMessageException e) {
                        undecodable.add(record.topic() + "@" + record.offset() + ": " + e.getMessage());
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void print(Entry e) {
        if (out == null) {
            return;
        }
        String what;
        if (e.value() instanceof NodeStatus s) {
            Boolean before = lastRequired.put(e.node(), s.getRebootRequired());
            if (before != null && before == s.getRebootRequired() || (before == null && !s.getRebootRequired())) {
                return;
            }
            what = s.getRebootRequired() ? "reboot required (" + String.join(", ", s.getPackages()) + ")"
                    : "no reboot required (boot " + s.getBootId().substring(0, 8) + ")";
        } else if (e.value() instanceof DrainCommand) {
            what = "-> Drain command";
        } else if (e.value() instanceof RebootCommand) {
            what = "-> Reboot command";
        } else if (e.value() instanceof NodeProgress p) {
            what = p.getPhase() + (p.getPodsLeft() != null ? " (" + p.getPodsLeft() + " pods left)" : "")
                    + (p.getReasons().isEmpty() ? "" : " " + p.getReasons().get(0).getMessage());
        } else if (e.value() instanceof Decision d) {
            what = d.getType() + (d.getSlotsInUse() != null ? " [slots " + d.getSlotsInUse() + "/" + d.getSlotsAllowed() + "]" : "")
                    + (d.getReasons().isEmpty() ? "" : " " + String.join("; ",
                    d.getReasons().stream().map(r -> r.getMessage()).toList()));
        } else {
            what = e.value().getClass().getSimpleName();
        }
        out.printf("%+9.3fs  %-10s %s%n", (e.timestampMs() - startedAt) / 1000.0, e.node(), what);
    }

    List<Entry> matching(Predicate<Entry> filter) {
        synchronized (entries) {
            return entries.stream().filter(filter).toList();
        }
    }

    /** The entries keyed by {@code node} that pass {@code filter}, in arrival order. */
    List<Entry> about(String node, Predicate<Entry> filter) {
        synchronized (entries) {
            return byNode.getOrDefault(node, List.of()).stream().filter(filter).toList();
        }
    }

    List<String> undecodable() {
        return List.copyOf(undecodable);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
