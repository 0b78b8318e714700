package dev.kreboot.executor.kafka;

import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.testing.TestBroker;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Fresh topics on the shared test broker and sample commands. */
final class KafkaFixtures {
    static final Events COORDINATOR = new Events("test", "coordinator", "c-0");

    private KafkaFixtures() {
    }

    static KafkaClients clients() {
        return new KafkaClients(TestBroker.bootstrapServers(), Map.of());
    }

    /** Topics under a prefix no other test uses, created with {@code commandPartitions} command partitions. */
    static Topics freshTopics(int commandPartitions) {
        Topics topics = Topics.withPrefix("t" + UUID.randomUUID().toString().replace("-", "") + ".");
        TopicProvisioner.ensure(clients(), topics.specs(commandPartitions), (short) 1);
        return topics;
    }

    static DrainCommand drain(String node, long seq) {
        return DrainCommand.newBuilder().setHeader(COORDINATOR.header(node, "r-" + node, Instant.now()))
                .setCommandSeq(seq).setBootIdToLeave("boot-1").build();
    }

    static RebootCommand reboot(String node, long seq) {
        return RebootCommand.newBuilder().setHeader(COORDINATOR.header(node, "r-" + node, Instant.now()))
                .setCommandSeq(seq).setBootIdToLeave("boot-1").build();
    }
}
