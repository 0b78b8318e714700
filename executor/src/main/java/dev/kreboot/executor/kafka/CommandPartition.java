package dev.kreboot.executor.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition the producer's default partitioner gives a node's key (murmur2 of the UTF-8 key,
 * made positive, modulo the partition count), so an executor reads only its own node's commands.
 */
public final class CommandPartition {

    private CommandPartition() {
    }

    public static int of(String node, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(node.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
