package dev.kreboot.agent;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A missing or bad setting stops start-up before any client connects, with a message naming the key. */
class StartupFailureTest {
    private static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("KREBOOT_NODE_NAME", "node-a");
        env.put("KREBOOT_CLUSTER", "test");
        // Nothing listens here: every check below must fail before a client would try.
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        env.put("KREBOOT_CREATE_TOPICS", "false");
        return env;
    }

    private static Consumer<Map<String, String>> without(String variable) {
        return env -> env.remove(variable);
    }

    private static Consumer<Map<String, String>> with(String variable, String value) {
        return env -> env.put(variable, value);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("without a node name", Map.of(), without("KREBOOT_NODE_NAME"),
                        List.of("kreboot.node-name")),
                Arguments.of("without bootstrap servers", Map.of(), without("KAFKA_BOOTSTRAP_SERVERS"),
                        List.of("kafka.bootstrap.servers")),
                Arguments.of("a bad executor duration", Map.of(), with("KREBOOT_EXECUTOR_DRAIN_TIMEOUT", "soon"),
                        List.of("kreboot.executor.drain-timeout", "soon")),
                Arguments.of("a bad sensor period given by kured's name", Map.of(), with("KURED_PERIOD", "-1m"),
                        List.of("kreboot.sensor.period")),
                Arguments.of("a port that is not a number", Map.of(), with("PORT", "http"),
                        List.of("PORT", "http")),
                Arguments.of("a bad system property that wins over a good variable",
                        Map.of("kreboot.executor.poll-interval", "0s"), (Consumer<Map<String, String>>) env -> { },
                        List.of("kreboot.executor.poll-interval")));
    }

    @ParameterizedTest(name = "{0}: the message names {3}")
    @MethodSource("refusals")
    void aMissingOrBadSettingStopsStartUpWithAMessageNamingIt(String what, Map<String, String> props,
                                                              Consumer<Map<String, String>> change, List<String> named) {
        Map<String, String> env = valid();
        change.accept(env);

        String message = assertThrows(IllegalArgumentException.class, () -> NodeAgent.start(props, env)).getMessage();
        for (String text : named) {
            assertTrue(message.contains(text), message);
        }
    }
}
