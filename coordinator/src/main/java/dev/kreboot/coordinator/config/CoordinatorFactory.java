package dev.kreboot.coordinator.config;

import dev.kreboot.coordinator.app.CoordinatorPorts;
import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.signing.SigningKeys;
import java.nio.file.Path;
import java.util.Optional;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Micronaut shell: builds the plain runtime from configuration and starts it with the context. */
@Factory
public class CoordinatorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorFactory.class);
    /** A mounted Secret holding {@code private.pem}; the chart sets it when a signing Secret is given. */
    static final String SIGNING_KEY_DIR = "kreboot.signing.key-dir";
    static final String SIGNING_KEY_ID = "kreboot.signing.key-id";
    static final String DEFAULT_KEY_ID = "kreboot";

    @Singleton
    CoordinatorSettings settings(Environment environment) {
        Map<String, String> props = new HashMap<>();
        List<String> keys = new ArrayList<>(CoordinatorSettings.DEFAULTS.keySet());
        keys.addAll(List.of("kreboot.cluster", "kreboot.instance", "kafka.bootstrap.servers"));
        for (int i = 0; i < CoordinatorSettings.MAX_BUDGETS; i++) {
            for (String field : CoordinatorSettings.BUDGET_FIELDS) {
                keys.add(CoordinatorSettings.BUDGETS + i + "." + field);
            }
        }
        for (String key : keys) {
            environment.getProperty(key, String.class).ifPresent(value -> props.put(key, value));
        }
        CoordinatorSettings settings = CoordinatorSettings.from(props);
        LOG.info("effective settings: {}", settings);
        return settings;
    }

    @Context
    @Bean(preDestroy = "close")
    CoordinatorRuntime runtime(CoordinatorSettings settings, MeterRegistry metrics, Environment environment) {
        // Every kafka.* setting (security protocol, SASL, TLS) reaches the clients, not only the address.
        KafkaClients clients = KafkaClients.of(environment.getProperties("kafka"));
        LOG.info("Kafka clients: {}", clients);
        // The client lives as long as the process; it is only built when an adapter needs it.
        CoordinatorPorts ports = PortsFactory.create(settings, metrics, () -> new KubernetesClientBuilder().build());
        CoordinatorRuntime runtime = new CoordinatorRuntime(settings, clients, new SingleObjectWireFormat(), metrics,
                Clock.systemUTC(), ports);
        Optional<String> keyDir = environment.getProperty(SIGNING_KEY_DIR, String.class).filter(d -> !d.isBlank());
        if (keyDir.isPresent()) {
            String keyId = environment.getProperty(SIGNING_KEY_ID, String.class).orElse(DEFAULT_KEY_ID);
            runtime.signedBy(SigningKeys.signerIn(Path.of(keyDir.get()), keyId));
            LOG.info("commands are signed with key {} from {}", keyId, keyDir.get());
        } else {
            LOG.warn("{} is not set: commands are NOT signed, and executors that verify will refuse them",
                    SIGNING_KEY_DIR);
        }
        return runtime.start();
    }
}
