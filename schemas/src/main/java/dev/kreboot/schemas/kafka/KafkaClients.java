package dev.kreboot.schemas.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client settings shared by every service: string keys (node names), byte values (encoded by the
 * {@link dev.kreboot.schemas.wire.WireFormat}), idempotent producers, read-committed consumers.
 * {@code extra} carries security and other settings from the service's configuration.
 */
public final class KafkaClients {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);
    private final Map<String, Object> common;

    public KafkaClients(String bootstrapServers, Map<String, ?> extra) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers must be set");
        }
        Map<String, Object> settings = new HashMap<>(Objects.requireNonNullElse(extra, Map.of()));
        settings.put("bootstrap.servers", bootstrapServers);
        this.common = Map.copyOf(settings);
    }

    /**
     * From a service's {@code kafka.*} configuration with the prefix removed (Micronaut's
     * {@code environment.getProperties("kafka")}; env {@code KAFKA_SECURITY_PROTOCOL} arrives as
     * {@code security.protocol}): {@code bootstrap.servers} plus every other client setting
     * (security protocol, SASL mechanism and JAAS config, TLS stores) passed to each client.
     */
    public static KafkaClients of(Map<String, ?> kafkaProperties) {
        Map<String, Object> extra = new HashMap<>();
        kafkaProperties.forEach((key, value) -> {
            if (value != null && !key.equals("bootstrap.servers") && !key.startsWith("health")
                    && !key.startsWith("consumers") && !key.startsWith("producers") && !key.startsWith("streams")) {
                extra.put(key, value.toString());
            }
        });
        Object bootstrap = kafkaProperties.get("bootstrap.servers");
        return new KafkaClients(bootstrap == null ? null : bootstrap.toString(), extra);
    }

    /**
     * A service's clients at start-up: {@link #of}, and the effective settings logged once
     * (secrets masked). Every {@code kafka.*} setting (security protocol, SASL, TLS) reaches the
     * clients, not only the address.
     */
    public static KafkaClients configured(Map<String, ?> kafkaProperties) {
        KafkaClients clients = of(kafkaProperties);
        LOG.info("Kafka clients: {}", clients);
        return clients;
    }

    /** The same clients with more settings (later ones win), e.g. a service's own timeouts. */
    public KafkaClients with(Map<String, ?> more) {
        Map<String, Object> merged = new HashMap<>(common);
        merged.putAll(more);
        merged.remove("bootstrap.servers");
        return new KafkaClients(bootstrapServers(), merged);
    }

    /** The settings with secrets masked, for the effective-configuration log line. */
    @Override
    public String toString() {
        Map<String, Object> shown = new java.util.TreeMap<>();
        common.forEach((key, value) -> shown.put(key, key.contains("jaas") || key.contains("password")
                || key.contains("secret") || key.contains("token") ? "***" : value));
        return shown.toString();
    }

    public String bootstrapServers() {
        return (String) common.get("bootstrap.servers");
    }

    public Map<String, Object> common() {
        return common;
    }

    public KafkaProducer<String, byte[]> producer(String clientId) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer; with a {@code groupId} offsets are committed by the caller after processing
     * (at-least-once), without one the caller assigns partitions and seeks itself.
     */
    public KafkaConsumer<String, byte[]> consumer(String clientId, String groupId) {
        Map<String, Object> props = new HashMap<>(common);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
