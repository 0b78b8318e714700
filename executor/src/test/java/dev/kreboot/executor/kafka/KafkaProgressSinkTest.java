package dev.kreboot.executor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaProgressSinkTest {

    @Test
    void publishesProgressToTheProgressTopicKeyedByNode() throws Exception {
        Topics topics = KafkaFixtures.freshTopics(3);
        SingleObjectWireFormat format = new SingleObjectWireFormat();
        NodeProgress progress = NodeProgress.newBuilder()
                .setHeader(KafkaFixtures.COORDINATOR.header("node-a", "r1", Instant.now()))
                .setPhase(ProgressPhase.DRAINED).setCommandSeq(4L).setBootId("boot-1").setPodsLeft(0).build();
        try (KafkaProducer<String, byte[]> producer = KafkaFixtures.clients().producer("sink-test");
             KafkaConsumer<String, byte[]> consumer = KafkaFixtures.clients().consumer("sink-test-reader", null)) {
            new KafkaProgressSink(new RecordSender(producer, format, new SimpleMeterRegistry()), topics).publish(progress);

            TopicPartition partition = new TopicPartition(topics.progress(), 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }

            assertEquals(1, records.size());
            assertEquals("node-a", records.get(0).key());
            assertEquals(progress, format.decode(records.get(0).value()));
        }
    }
}
