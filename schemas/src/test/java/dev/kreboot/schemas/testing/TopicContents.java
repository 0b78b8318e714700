package dev.kreboot.schemas.testing;

import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.wire.UndecodableMessageException;
import dev.kreboot.schemas.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** What a topic holds, as a test reads it: every committed record from the start, decoded. */
public final class TopicContents {

    private TopicContents() {
    }

    /**
     * Everything committed on {@code topic} (read_committed, every partition from its beginning to
     * its end), once at least {@code atLeast} records are there; fails after 30 s. A record that
     * does not decode fails the test.
     */
    public static List<SpecificRecord> read(KafkaClients clients, WireFormat format, String topic, int atLeast) {
        List<SpecificRecord> into = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("reader", null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Await.until(Duration.ofSeconds(30), atLeast + " records on " + topic, () -> {
                into.clear();
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> into.add(decode(format, r.value())));
                }
                return into.size() >= atLeast;
            });
        }
        return into;
    }

    private static SpecificRecord decode(WireFormat format, byte[] bytes) {
        try {
            return format.decode(bytes);
        } catch (UndecodableMessageException e) {
            throw new AssertionError(e);
        }
    }
}
