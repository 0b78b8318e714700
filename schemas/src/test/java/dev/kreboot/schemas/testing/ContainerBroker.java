package dev.kreboot.schemas.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Apache Kafka's image through Testcontainers, for machines with a Docker engine. */
final class ContainerBroker implements KafkaBroker {
    private final KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public ContainerBroker start() {
        container.start();
        return this;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Testcontainers Kafka " + container.getDockerImageName();
    }

    @Override
    public void close() {
        container.stop();
    }
}
