package dev.kreboot.executor.kafka;

import static dev.kreboot.executor.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.executor.app.CommandTarget;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommandFollowerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 3;
    private final SingleObjectWireFormat format = new SingleObjectWireFormat();

    /** Records what the executor would be told. */
    static final class RecordingTarget implements CommandTarget {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void submit(SpecificRecord command) {
            String node = command instanceof DrainCommand d ? d.getHeader().getNode() : ((RebootCommand) command).getHeader().getNode();
            long seq = command instanceof DrainCommand d ? d.getCommandSeq() : ((RebootCommand) command).getCommandSeq();
            calls.add(command.getClass().getSimpleName() + "#" + seq + "@" + node);
        }

        @Override
        public void resume() {
            calls.add("resume");
        }
    }

    /** A node name whose commands share node-a's partition, so filtering by key is exercised. */
    private static String neighbourOf(String node) {
        for (int i = 0; ; i++) {
            String candidate = "node-" + i;
            if (!candidate.equals(node) && CommandPartition.of(candidate, PARTITIONS) == CommandPartition.of(node, PARTITIONS)) {
                return candidate;
            }
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, String topic, String key, SpecificRecord value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, format.encode(value))).get();
    }

    @Test
    @SuppressWarnings("try")
    void replaysToTheNewestCommandThenResumesThenFollowsLiveRecords() throws Exception {
        Topics topics = KafkaFixtures.freshTopics(PARTITIONS);
        String neighbour = neighbourOf("node-a");
        RecordingTarget target = new RecordingTarget();
        try (KafkaProducer<String, byte[]> producer = KafkaFixtures.clients().producer("follower-test")) {
            send(producer, topics.commands(), "node-a", KafkaFixtures.drain("node-a", 1));
            send(producer, topics.commands(), "node-a", KafkaFixtures.reboot("node-a", 3));
            send(producer, topics.commands(), "node-a", KafkaFixtures.drain("node-a", 2));
            send(producer, topics.commands(), neighbour, KafkaFixtures.drain(neighbour, 9));
            producer.send(new ProducerRecord<>(topics.commands(), "node-a", new byte[] {1, 2, 3})).get();

            DeadLetters deadLetters = new DeadLetters(producer, format, topics.dlq(), "executor", new SimpleMeterRegistry());
            try (CommandFollower follower = new CommandFollower(KafkaFixtures.clients().consumer("follower-test", null),
                    deadLetters, topics.commands(), "node-a", target).start()) {
                await(WAIT, target.calls::toString, () -> target.calls.size() >= 2);
                assertEquals(List.of("RebootCommand#3@node-a", "resume"), target.calls);

                send(producer, topics.commands(), neighbour, KafkaFixtures.drain(neighbour, 10));
                send(producer, topics.commands(), "node-a", KafkaFixtures.drain("node-a", 4));
                await(WAIT, target.calls::toString, () -> target.calls.size() >= 3);
                assertEquals(List.of("RebootCommand#3@node-a", "resume", "DrainCommand#4@node-a"), target.calls);
            }
        }
        assertEquals(1, dlqSize(topics));
    }

    @Test
    @SuppressWarnings("try")
    void anEmptyPartitionStillResumes() {
        Topics topics = KafkaFixtures.freshTopics(PARTITIONS);
        RecordingTarget target = new RecordingTarget();
        try (KafkaProducer<String, byte[]> producer = KafkaFixtures.clients().producer("follower-empty");
             CommandFollower follower = new CommandFollower(KafkaFixtures.clients().consumer("follower-empty", null),
                     new DeadLetters(producer, format, topics.dlq(), "executor", new SimpleMeterRegistry()),
                     topics.commands(), "node-a", target).start()) {
            await(WAIT, target.calls::toString, () -> !target.calls.isEmpty());
            assertEquals(List.of("resume"), target.calls);
        }
    }

    private static long dlqSize(Topics topics) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaFixtures.clients().consumer("dlq-reader", null)) {
            TopicPartition dlq = new TopicPartition(topics.dlq(), 0);
            return consumer.endOffsets(Set.of(dlq)).get(dlq);
        }
    }
}
