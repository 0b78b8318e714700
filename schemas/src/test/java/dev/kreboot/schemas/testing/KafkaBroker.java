package dev.kreboot.schemas.testing;

/** A running, real Kafka broker for tests. */
public interface KafkaBroker extends AutoCloseable {
    KafkaBroker start();

    String bootstrapServers();

    String description();

    @Override
    void close();
}
