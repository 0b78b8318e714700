package dev.kreboot.agent.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingNamesTest {
    @Test
    void aKeyIsFoundUnderMicronautsVariableName() {
        assertEquals("KREBOOT_NODE_NAME", SettingNames.environmentName("kreboot.node-name"));
        assertEquals("KREBOOT_EXECUTOR_SKIP_WAIT_FOR_DELETE_TIMEOUT",
                SettingNames.environmentName("kreboot.executor.skip-wait-for-delete-timeout"));
        assertEquals("KAFKA_BOOTSTRAP_SERVERS", SettingNames.environmentName("kafka.bootstrap.servers"));
    }

    @Test
    void aSystemPropertyWinsOverTheVariableAndUnsetKeysAreLeftOut() {
        Map<String, String> found = SettingNames.lookUp(List.of("kreboot.node-name", "kreboot.cluster", "kreboot.instance"),
                Map.of("kreboot.node-name", "from-property"),
                Map.of("KREBOOT_NODE_NAME", "from-env", "KREBOOT_CLUSTER", "prod"));

        assertEquals(Map.of("kreboot.node-name", "from-property", "kreboot.cluster", "prod"), found);
    }

    @Test
    void anEmptyValueIsPassedOnSoTheSettingsDecideWhatItMeans() {
        assertEquals(Map.of("kreboot.executor.nsenter-prefix", ""), SettingNames.lookUp(
                List.of("kreboot.executor.nsenter-prefix"), Map.of(), Map.of("KREBOOT_EXECUTOR_NSENTER_PREFIX", "")));
    }

    @Test
    void kafkaClientSettingsComeFromEveryKafkaVariableAndProperty() {
        Map<String, String> kafka = SettingNames.kafka(
                Map.of("kafka.ssl.truststore.location", "/etc/ts.jks", "kafka.security.protocol", "SSL", "other", "x"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9092", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_JAAS_CONFIG", "secret", "KREBOOT_CLUSTER", "prod", "KAFKA_", "ignored"));

        assertEquals(Map.of("bootstrap.servers", "b:9092", "security.protocol", "SSL", "sasl.jaas.config", "secret",
                "ssl.truststore.location", "/etc/ts.jks"), kafka);
    }
}
