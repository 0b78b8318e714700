package dev.kreboot.coordinator.config;

import dev.kreboot.coordinator.app.CoordinatorPorts;
import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.app.LeadershipElector;
import dev.kreboot.coordinator.http.ApiAuth;
import dev.kreboot.coordinator.kafka.ControlPublisher;
import dev.kreboot.coordinator.kubernetes.LeaseElector;
import dev.kreboot.coordinator.kubernetes.NodeEventRecorder;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.config.SettingsLookup;
import dev.kreboot.schemas.kafka.RecordSender;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.signing.SigningKeys;
import java.nio.file.Path;
import java.util.Optional;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
        List<String> keys = new ArrayList<>(CoordinatorSettings.DEFAULTS.keySet());
        keys.addAll(List.of("kreboot.cluster", "kreboot.instance", "kafka.bootstrap.servers"));
        for (int i = 0; i < CoordinatorSettings.MAX_BUDGETS; i++) {
            for (String field : CoordinatorSettings.BUDGET_FIELDS) {
                keys.add(CoordinatorSettings.BUDGETS + i + "." + field);
            }
        }
        CoordinatorSettings settings = CoordinatorSettings.from(
                SettingsLookup.read(keys, key -> environment.getProperty(key, String.class)));
        LOG.info("effective settings: {}", settings);
        return settings;
    }

    @Singleton
    ShellSettings shellSettings(Environment environment) {
        ShellSettings shell = ShellSettings.from(
                SettingsLookup.read(ShellSettings.DEFAULTS.keySet(), key -> environment.getProperty(key, String.class)));
        LOG.info("effective shell settings: {}", shell);
        return shell;
    }

    @Singleton
    ApiAuth apiAuth(ShellSettings shell) {
        return new ApiAuth(shell.apiToken(), shell.protectReads());
    }

    /** Every kafka.* setting (security protocol, SASL, TLS) reaches the clients, not only the address. */
    @Singleton
    KafkaClients kafkaClients(Environment environment) {
        return KafkaClients.configured(environment.getProperties("kafka"));
    }

    /** The one wire format of this service ({@code kreboot.wire-format}, {@code kreboot.registry.*}). */
    @Singleton
    WireFormat wireFormat(Environment environment) {
        return WireFormats.configured(WireSettings.read(key -> environment.getProperty(key, String.class)));
    }

    /** The process's one Kubernetes client, built only when an adapter needs it. */
    @Singleton
    @Bean(preDestroy = "close")
    KubernetesAccess kubernetes() {
        return new KubernetesAccess();
    }

    @Singleton
    @Bean(preDestroy = "close")
    ControlWriter controlWriter(CoordinatorSettings settings, KafkaClients clients, MeterRegistry metrics,
                                WireFormat format) {
        return new ControlWriter(clients.producer("coordinator-api-" + settings.instance()), settings, metrics, format);
    }

    @Singleton
    ControlPublisher controlPublisher(ControlWriter writer) {
        return writer.publisher();
    }

    /** {@code kreboot.policy.*}: the RebootPolicy resource this process watches, if any. */
    @Singleton
    @Bean(preDestroy = "close")
    PolicyResource policyResource(Environment environment) {
        PolicyResource resource = PolicyResource.from(key -> environment.getProperty(key, String.class).orElse(null));
        LOG.info("policy resource: {}", resource);
        return resource;
    }

    @Context
    @Bean(preDestroy = "close")
    CoordinatorRuntime runtime(CoordinatorSettings settings, ShellSettings shell, KafkaClients clients,
                               KubernetesAccess kubernetes, MeterRegistry metrics, Environment environment,
                               WireFormat format, PolicyResource policyResource) {
        CoordinatorPorts ports = PortsFactory.create(settings, metrics, kubernetes::client);
        LeadershipElector elector = shell.leaderElection()
                ? new LeaseElector(kubernetes.client(), shell.namespace(), shell.leaseName(), settings.instance(),
                        new LeaseElector.Timing(shell.leaseDuration(), shell.renewDeadline(), shell.retryPeriod()))
                : LeadershipElector.always();
        LOG.info("leadership: {}", elector);
        CoordinatorRuntime runtime = new CoordinatorRuntime(settings, clients, format, metrics,
                Clock.systemUTC(), ports, elector);
        if (shell.nodeEvents()) {
            runtime.announcingTo(new NodeEventRecorder(kubernetes.client(), settings.instance(), Clock.systemUTC()));
        }
        Optional<String> keyDir = environment.getProperty(SIGNING_KEY_DIR, String.class).filter(d -> !d.isBlank());
        if (keyDir.isPresent()) {
            String keyId = environment.getProperty(SIGNING_KEY_ID, String.class).orElse(DEFAULT_KEY_ID);
            runtime.signedBy(SigningKeys.signerIn(Path.of(keyDir.get()), keyId));
            LOG.info("commands are signed with key {} from {}", keyId, keyDir.get());
        } else {
            LOG.warn("{} is not set: commands are NOT signed, and executors that verify will refuse them",
                    SIGNING_KEY_DIR);
        }
        runtime.policies().buildAdaptersWith(PortsFactory.fromResource(metrics, kubernetes::client));
        policyResource.watch(runtime, kubernetes::client, Clock.systemUTC());
        runtime.start();
        policyResource.report(runtime, kubernetes::client, settings.instance(), metrics, Clock.systemUTC());
        return runtime;
    }

    /** Lazily built, shared Kubernetes client. */
    static final class KubernetesAccess implements AutoCloseable {
        private KubernetesClient client;

        synchronized KubernetesClient client() {
            if (client == null) {
                client = new KubernetesClientBuilder().build();
            }
            return client;
        }

        @Override
        public synchronized void close() {
            if (client != null) {
                client.close();
            }
        }
    }

    /** The API's own producer (plain, not transactional: control records are inputs, not decisions). */
    static final class ControlWriter implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final ControlPublisher publisher;

        ControlWriter(KafkaProducer<String, byte[]> producer, CoordinatorSettings settings, MeterRegistry metrics,
                      WireFormat format) {
            this.producer = producer;
            this.publisher = new ControlPublisher(new RecordSender(producer, format, metrics),
                    Topics.withPrefix(settings.topicPrefix()),
                    new Events(settings.cluster(), "coordinator-api", settings.instance()), Clock.systemUTC());
        }

        ControlPublisher publisher() {
            return publisher;
        }

        @Override
        public void close() {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
