package dev.kreboot.agent.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the services' setting keys are found among system properties and environment variables,
 * the way Micronaut finds them for node-sensor and executor today, so one environment serves
 * the services and the agent alike:
 * <ol>
 *   <li>a system property named exactly like the key ({@code -Dkreboot.node-name=a}) wins;</li>
 *   <li>else the environment variable named like the key upper-cased with every {@code .} and
 *       {@code -} turned into {@code _} ({@code KREBOOT_NODE_NAME});</li>
 *   <li>{@code kafka.*} client settings are open-ended: every system property under
 *       {@code kafka.} and every environment variable under {@code KAFKA_} (lower-cased,
 *       {@code _} read as {@code .}, so {@code KAFKA_SASL_JAAS_CONFIG} is
 *       {@code sasl.jaas.config}); a system property wins over the variable.</li>
 * </ol>
 * kured's aliases ({@code KURED_*}, {@code NODE_NAME}) stay with the settings records, which
 * read them from the environment themselves.
 */
public final class SettingNames {
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String KAFKA_ENV_PREFIX = "KAFKA_";

    private SettingNames() {
    }

    /** {@code kreboot.executor.drain-timeout} is {@code KREBOOT_EXECUTOR_DRAIN_TIMEOUT}. */
    public static String environmentName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The value of each key that is set, system property first, in the order of {@code keys}. */
    public static Map<String, String> lookUp(Collection<String> keys, Map<String, String> systemProperties,
                                             Map<String, String> environment) {
        Objects.requireNonNull(systemProperties, "systemProperties");
        Objects.requireNonNull(environment, "environment");
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : keys) {
            String value = systemProperties.containsKey(key) ? systemProperties.get(key)
                    : environment.get(environmentName(key));
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /** The {@code kafka.*} settings with the prefix removed, as Micronaut's {@code getProperties("kafka")} gives them. */
    public static Map<String, String> kafka(Map<String, String> systemProperties, Map<String, String> environment) {
        Map<String, String> found = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(KAFKA_ENV_PREFIX) && name.length() > KAFKA_ENV_PREFIX.length() && value != null) {
                found.put(name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        systemProperties.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length() && value != null) {
                found.put(name.substring(KAFKA_PREFIX.length()), value);
            }
        });
        return found;
    }
}
