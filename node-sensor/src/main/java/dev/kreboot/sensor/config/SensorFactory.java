package dev.kreboot.sensor.config;

import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.config.SettingsLookup;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import dev.kreboot.sensor.app.NodeSensor;
import dev.kreboot.sensor.app.StatusSink;
import dev.kreboot.sensor.app.SentinelProbe;
import dev.kreboot.sensor.host.CommandSentinelProbe;
import dev.kreboot.sensor.host.SentinelProbes;
import dev.kreboot.sensor.kafka.KafkaStatusSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the plain objects from Micronaut's configuration and runs the sensor for the context's
 * lifetime. The sensor bean is eager ({@link Context}), so invalid settings fail start-up.
 */
@Factory
public class SensorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SensorFactory.class);
    // The node-status topic is the sensor's only output; other topics belong to their producers.
    private static final int UNUSED_COMMAND_PARTITIONS = 1;
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /*
     * Bounded attempts while the broker is away: each refused publish returns within about ten
     * seconds, so the publisher's retry picks up the newest status instead of waiting a minute on
     * an old one.
     */
    private static final Map<String, Object> PRODUCER_TIMEOUTS = Map.of(
            "max.block.ms", 10_000, "request.timeout.ms", 10_000, "delivery.timeout.ms", 30_000);

    /**
     * The sensor's producer and the sink on it. The producer is not a bean of its own because
     * micronaut-kafka answers every {@code Producer} injection point with its own factory.
     */
    public static final class StatusChannel implements AutoCloseable {
        private final Producer<String, byte[]> producer;
        private final StatusSink sink;

        StatusChannel(Producer<String, byte[]> producer, StatusSink sink) {
            this.producer = producer;
            this.sink = sink;
        }

        @Override
        public void close() {
            producer.close(PRODUCER_CLOSE_TIMEOUT);
        }
    }

    @Singleton
    SensorSettings sensorSettings(Environment environment) {
        SensorSettings settings = SensorSettings.from(
                SettingsLookup.read(SensorSettings.KEYS, key -> environment.getProperty(key, String.class)));
        LOG.info("effective settings: {}", settings);
        return settings;
    }

    /** The one wire format of this service ({@code kreboot.wire-format}, {@code kreboot.registry.*}). */
    @Singleton
    WireFormat wireFormat(Environment environment) {
        return WireFormats.configured(WireSettings.read(key -> environment.getProperty(key, String.class)));
    }

    @Singleton
    @Bean(preDestroy = "close")
    StatusChannel statusChannel(SensorSettings settings, MeterRegistry registry, Environment environment,
                                WireFormat format) {
        Topics topics = Topics.withPrefix(settings.topicPrefix());
        settings.requireBootstrapServers();
        KafkaClients clients = KafkaClients.configured(environment.getProperties("kafka"));
        if (settings.createTopics()) {
            TopicProvisioner.ensure(clients, topics.specs(UNUSED_COMMAND_PARTITIONS).stream()
                    .filter(spec -> spec.name().equals(topics.nodeStatus())).toList(), (short) 1);
        }
        Producer<String, byte[]> producer = clients.with(PRODUCER_TIMEOUTS)
                .producer("kreboot-node-sensor-" + settings.nodeName());
        RecordSender sender = new RecordSender(producer, format, registry);
        return new StatusChannel(producer, new KafkaStatusSink(sender, topics));
    }

    @Context
    @Bean(preDestroy = "close")
    NodeSensor nodeSensor(SensorSettings settings, StatusChannel channel, MeterRegistry registry) {
        SentinelProbe probe = SentinelProbes.of(settings);
        if (probe instanceof CommandSentinelProbe command) {
            LOG.info("command mode: running {} every {}, timeout {}", command.argv(), settings.period(),
                    settings.commandTimeout());
        }
        NodeSensor sensor = new NodeSensor(settings, probe, channel.sink, Clock.systemUTC(), registry);
        sensor.start();
        return sensor;
    }
}
