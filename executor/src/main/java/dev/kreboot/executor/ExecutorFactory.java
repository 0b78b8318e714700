package dev.kreboot.executor;

import dev.kreboot.executor.app.CommandVerifier;
import dev.kreboot.executor.app.SignatureVerifier;
import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.schemas.config.SettingsLookup;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import dev.kreboot.schemas.signing.SigningKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the executor's settings from the environment ({@code kreboot.*} properties; environment
 * variables map by Micronaut's rules, e.g. {@code KREBOOT_NODE_NAME}) and starts the runtime with
 * the context, so a bad setting fails start-up.
 */
@Factory
public class ExecutorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorFactory.class);
    /** A mounted Secret holding {@code public.pem} (and {@code public-<id>.pem} during a key rotation). */
    static final String SIGNING_KEY_DIR = "kreboot.signing.key-dir";
    static final String SIGNING_KEY_ID = "kreboot.signing.key-id";
    static final String DEFAULT_KEY_ID = "kreboot";

    @Singleton
    ExecutorSettings executorSettings(Environment environment) {
        ExecutorSettings settings = ExecutorSettings.from(
                SettingsLookup.read(ExecutorSettings.KEYS, key -> environment.getProperty(key, String.class)));
        settings.requireBootstrapServers();
        LOG.info("effective settings: {}", settings.effective());
        return settings;
    }

    /** The one wire format of this service ({@code kreboot.wire-format}, {@code kreboot.registry.*}). */
    @Singleton
    WireFormat wireFormat(Environment environment) {
        return WireFormats.configured(WireSettings.read(key -> environment.getProperty(key, String.class)));
    }

    @Context
    @Bean(preDestroy = "close")
    ExecutorRuntime executorRuntime(ExecutorSettings settings, MeterRegistry metrics, Environment environment,
                                    WireFormat format) {
        KafkaClients clients = KafkaClients.configured(environment.getProperties("kafka"));
        CommandVerifier verifier = CommandVerifier.ACCEPT_ALL;
        Optional<String> keyDir = environment.getProperty(SIGNING_KEY_DIR, String.class).filter(d -> !d.isBlank());
        if (keyDir.isPresent()) {
            String keyId = environment.getProperty(SIGNING_KEY_ID, String.class).orElse(DEFAULT_KEY_ID);
            verifier = new SignatureVerifier(SigningKeys.verifierIn(Path.of(keyDir.get()), keyId), Clock.systemUTC());
            LOG.info("commands must carry a signature from the keys in {}", keyDir.get());
        } else {
            LOG.warn("{} is not set: commands are NOT verified; anyone who can write to the commands topic can "
                    + "drain and reboot this node", SIGNING_KEY_DIR);
        }
        return ExecutorRuntime.start(settings, metrics, clients, verifier, format);
    }
}
