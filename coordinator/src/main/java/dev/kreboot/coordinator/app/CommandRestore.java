package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.coordinator.kafka.RecordMapping;
import dev.kreboot.schemas.kafka.DeadLetters;
import dev.kreboot.schemas.kafka.KafkaClients;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Step 1 of a term: reads the compacted commands topic to the end offsets seen at the start and
 * keeps every node's newest command (highest {@code commandSeq}, whatever order the records come
 * in), so grants survive a restart or a failover. Stops early when the term ends (close, lost election).
 */
final class CommandRestore {
    private CommandRestore() {
    }

    static Collection<Input.CommandRestored> newest(KafkaClients clients, String instance, String commandsTopic,
                                                    RecordMapping mapping, DeadLetters deadLetters,
                                                    BooleanSupplier running, Leadership leadership) {
        Map<String, Input.CommandRestored> newest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> restore = clients.consumer("coordinator-restore-" + instance, null)) {
            List<TopicPartition> partitions = restore.partitionsFor(commandsTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            restore.assign(partitions);
            restore.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = restore.endOffsets(partitions);
            while (running.getAsBoolean() && partitions.stream().anyMatch(tp -> restore.position(tp) < end.get(tp))) {
                leadership.check();
                for (ConsumerRecord<String, byte[]> record : restore.poll(InputFeed.POLL)) {
                    deadLetters.decode(record).flatMap(mapping::restored).ifPresent(command ->
                            newest.merge(command.node(), command,
                                    (a, b) -> a.commandSeq() >= b.commandSeq() ? a : b));
                }
            }
        }
        return newest.values();
    }
}
