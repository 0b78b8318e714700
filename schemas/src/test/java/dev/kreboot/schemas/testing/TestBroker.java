package dev.kreboot.schemas.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one broker of a test JVM (surefire reuses the JVM across test classes): Testcontainers'
 * Kafka container where a Docker engine answers, otherwise the in-JVM KRaft broker. The choice is
 * logged; {@code -Dkreboot.test.broker=embedded|docker} forces one.
 */
public final class TestBroker {
    private static final Logger LOG = LoggerFactory.getLogger(TestBroker.class);
    private static KafkaBroker instance;

    private TestBroker() {
    }

    public static synchronized KafkaBroker get() {
        if (instance == null) {
            instance = choose().start();
            LOG.info("test broker: {} at {}", instance.description(), instance.bootstrapServers());
            KafkaBroker started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-broker-shutdown"));
        }
        return instance;
    }

    public static String bootstrapServers() {
        return get().bootstrapServers();
    }

    private static KafkaBroker choose() {
        String forced = System.getProperty("kreboot.test.broker", "auto");
        if (forced.equals("embedded")) {
            return new EmbeddedKafka();
        }
        boolean docker = forced.equals("docker") || ContainerBroker.dockerAvailable();
        if (docker) {
            return new ContainerBroker();
        }
        LOG.info("no Docker engine reachable: using the in-JVM KRaft broker");
        return new EmbeddedKafka();
    }
}
