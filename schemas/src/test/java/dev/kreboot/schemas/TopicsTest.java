package dev.kreboot.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void prefixesEveryTopic() {
        Topics topics = Topics.withPrefix("prod-eu.");
        assertEquals("prod-eu.kreboot.commands", topics.commands());
        assertTrue(topics.specs(6).stream().allMatch(s -> s.name().startsWith("prod-eu.kreboot.")));
    }

    @Test
    void coordinatorInputsAreSinglePartitionAndCommandsCompacted() {
        var specs = Topics.defaults().specs(12);
        var byName = specs.stream().collect(java.util.stream.Collectors.toMap(Topics.Spec::name, s -> s));
        assertEquals(1, byName.get(Topics.NODE_STATUS).partitions());
        assertEquals(1, byName.get(Topics.PROGRESS).partitions());
        assertEquals(1, byName.get(Topics.CONTROL).partitions());
        assertEquals(12, byName.get(Topics.COMMANDS).partitions());
        assertEquals("compact", byName.get(Topics.COMMANDS).configs().get("cleanup.policy"));
        assertEquals("compact", byName.get(Topics.NODE_STATUS).configs().get("cleanup.policy"));
    }

    @Test
    void rejectsAPrefixKafkaCannotName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Topics.withPrefix("bad prefix/"));
        assertTrue(e.getMessage().contains("kreboot.topic-prefix"), e.getMessage());
    }
}
