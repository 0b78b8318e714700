package dev.kreboot.coordinator.config;

import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Micronaut shell: builds the plain runtime from configuration and starts it with the context. */
@Factory
public class CoordinatorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorFactory.class);

    @Singleton
    CoordinatorSettings settings(Environment environment) {
        Map<String, String> props = new HashMap<>();
        for (String key : new String[] {"kreboot.cluster", "kreboot.instance", "kreboot.topic-prefix",
                "kreboot.create-topics", "kreboot.command-partitions", "kreboot.concurrency",
                "kafka.bootstrap.servers"}) {
            environment.getProperty(key, String.class).ifPresent(value -> props.put(key, value));
        }
        CoordinatorSettings settings = CoordinatorSettings.from(props);
        LOG.info("effective settings: {}", settings);
        return settings;
    }

    @Context
    @Bean(preDestroy = "close")
    CoordinatorRuntime runtime(CoordinatorSettings settings, MeterRegistry metrics) {
        KafkaClients clients = new KafkaClients(settings.bootstrapServers(), Map.of());
        return new CoordinatorRuntime(settings, clients, new SingleObjectWireFormat(), metrics, Clock.systemUTC())
                .start();
    }
}
