package dev.kreboot.executor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kreboot.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

class CommandPartitionTest {

    @Test
    void matchesThePartitionTheProducersDefaultPartitionerChooses() throws Exception {
        Topics topics = KafkaFixtures.freshTopics(12);
        try (KafkaProducer<String, byte[]> producer = KafkaFixtures.clients().producer("partition-test")) {
            for (int i = 0; i < 40; i++) {
                String node = "ip-10-0-" + i + "-17.eu-west-1.compute.internal";
                RecordMetadata sent = producer.send(new ProducerRecord<>(topics.commands(), node, new byte[] {1})).get();
                assertEquals(sent.partition(), CommandPartition.of(node, 12), node);
            }
        }
    }

    @Test
    void refusesAPartitionCountBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> CommandPartition.of("node-a", 0));
    }
}
