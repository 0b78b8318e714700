package dev.kreboot.notifier.config;

import dev.kreboot.notifier.NotifierService;
import dev.kreboot.schemas.config.SettingsLookup;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.registry.WireFormats;
import dev.kreboot.schemas.wire.WireFormat;
import dev.kreboot.schemas.wire.WireSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the plain notifier from the Micronaut environment ({@code kreboot.*} properties,
 * {@code KREBOOT_*} environment variables) and starts it with the context; bad settings fail
 * start-up.
 */
@Factory
public class NotifierFactory {
    private static final Logger LOG = LoggerFactory.getLogger(NotifierFactory.class);

    @Singleton
    NotifierSettings settings(Environment environment) {
        Map<String, String> props = SettingsLookup.read(NotifierSettings.KEYS,
                key -> environment.getProperty(key, String.class));
        // Routes have open-ended keys (kreboot.notifier.routes.<name>.*): take every such key any
        // property source holds (environment variables arrive as lower-case dotted keys).
        for (PropertySource source : environment.getPropertySources()) {
            for (String key : source) {
                if (key.startsWith(RouteSettings.PREFIX)) {
                    environment.getProperty(key, String.class).ifPresent(value -> props.put(key, value));
                } else {
                    Object value = source.get(key);
                    EnvRouteKeys.translate(key).filter(k -> value != null && !props.containsKey(k))
                            .ifPresent(k -> props.put(k, value.toString()));
                }
            }
        }
        NotifierSettings settings = NotifierSettings.from(props);
        LOG.info("effective settings: {}", settings.describe());
        return settings;
    }

    /** The one wire format of this service ({@code kreboot.wire-format}, {@code kreboot.registry.*}). */
    @Singleton
    WireFormat wireFormat(Environment environment) {
        return WireFormats.configured(WireSettings.read(key -> environment.getProperty(key, String.class)));
    }

    @Context
    @Bean(preDestroy = "close")
    NotifierService notifierService(NotifierSettings settings, MeterRegistry metrics, Environment environment,
                                    WireFormat format) {
        KafkaClients clients = KafkaClients.configured(environment.getProperties("kafka"));
        return NotifierService.start(settings, clients, metrics, Clock.systemUTC(), format);
    }
}
