package dev.kreboot.schemas.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void passesSecuritySettingsToEveryClientAndMasksSecrets() {
        KafkaClients clients = KafkaClients.of(Map.of("bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"s3cret\";",
                "health.enabled", "true"));
        assertEquals("kafka:9093", clients.bootstrapServers());
        assertEquals("SASL_SSL", clients.common().get("security.protocol"));
        assertEquals("SCRAM-SHA-512", clients.common().get("sasl.mechanism"));
        assertFalse(clients.common().containsKey("health.enabled"), "Micronaut's own kafka.* keys stay out");
        assertFalse(clients.toString().contains("s3cret"), clients.toString());
        assertTrue(clients.toString().contains("sasl.jaas.config=***"), clients.toString());
    }

    @Test
    void requiresBootstrapServersNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> KafkaClients.of(Map.of("security.protocol", "SSL")));
        assertTrue(e.getMessage().contains("kafka.bootstrap.servers"), e.getMessage());
    }
}
