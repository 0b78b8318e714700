package dev.kreboot.agent;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    private static String failure(Map<String, String> props, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeAgent.start(props, env));
        return e.getMessage();
    }

    @Test
    void withoutANodeNameTheMessageNamesKrebootNodeName() {
        Map<String, String> env = valid();
        env.remove("KREBOOT_NODE_NAME");

        assertTrue(failure(Map.of(), env).contains("kreboot.node-name"));
    }

    @Test
    void withoutBootstrapServersTheMessageNamesKafkaBootstrapServers() {
        Map<String, String> env = valid();
        env.remove("KAFKA_BOOTSTRAP_SERVERS");

        assertTrue(failure(Map.of(), env).contains("kafka.bootstrap.servers"));
    }

    @Test
    void aBadExecutorDurationNamesItsKey() {
        Map<String, String> env = valid();
        env.put("KREBOOT_EXECUTOR_DRAIN_TIMEOUT", "soon");

        String message = failure(Map.of(), env);
        assertTrue(message.contains("kreboot.executor.drain-timeout") && message.contains("soon"), message);
    }

    @Test
    void aBadSensorPeriodGivenByKuredsNameNamesTheKey() {
        Map<String, String> env = valid();
        env.put("KURED_PERIOD", "-1m");

        assertTrue(failure(Map.of(), env).contains("kreboot.sensor.period"));
    }

    @Test
    void aPortThatIsNotANumberNamesPort() {
        Map<String, String> env = valid();
        env.put("PORT", "http");

        String message = failure(Map.of(), env);
        assertTrue(message.contains("PORT") && message.contains("http"), message);
    }

    @Test
    void aBadSystemPropertyWinsOverAGoodVariableAndIsNamed() {
        String message = failure(Map.of("kreboot.executor.poll-interval", "0s"), valid());

        assertTrue(message.contains("kreboot.executor.poll-interval"), message);
    }
}
