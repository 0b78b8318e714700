package dev.kreboot.executor;

import dev.kreboot.executor.config.ExecutorSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
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

    @Singleton
    ExecutorSettings executorSettings(Environment environment) {
        Map<String, String> props = new HashMap<>();
        for (String key : ExecutorSettings.KEYS) {
            environment.getProperty(key, String.class).ifPresent(value -> props.put(key, value));
        }
        ExecutorSettings settings = ExecutorSettings.from(props);
        settings.requireBootstrapServers();
        LOG.info("effective settings: {}", settings.effective());
        return settings;
    }

    @Context
    @Bean(preDestroy = "close")
    ExecutorRuntime executorRuntime(ExecutorSettings settings, MeterRegistry metrics) {
        return ExecutorRuntime.start(settings, metrics);
    }
}
