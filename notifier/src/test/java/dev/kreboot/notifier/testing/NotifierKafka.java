package dev.kreboot.notifier.testing;

import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.kafka.TopicProvisioner;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real broker the notifier's Kafka tests share, as a JUnit extension on a static field: clients
 * and a record sender for the test class, fresh topics under a random prefix for each test, and
 * whatever a test {@link #opened}, closed newest first as soon as the test method returns.
 */
public final class NotifierKafka implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterTestExecutionCallback {
    private final String senderId;
    private final Function<Topics, List<Topics.Spec>> specs;
    private final List<AutoCloseable> open = new ArrayList<>();
    private KafkaClients clients;
    private RecordSender sender;
    private Topics topics;

    /**
     * @param senderId the client id of the class's record sender
     * @param specs the topics each test gets, given its fresh {@link Topics}
     */
    public NotifierKafka(String senderId, Function<Topics, List<Topics.Spec>> specs) {
        this.senderId = Objects.requireNonNull(senderId, "senderId");
        this.specs = Objects.requireNonNull(specs, "specs");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        sender = new RecordSender(clients.producer(senderId), new SingleObjectWireFormat(), new SimpleMeterRegistry());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sender.producer().close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        topics = Topics.withPrefix("t" + UUID.randomUUID() + ".");
        TopicProvisioner.ensure(clients, specs.apply(topics), (short) 1);
    }

    /** Runs before the test's own {@code @AfterEach}, so the sinks a test closes there outlive its notifiers. */
    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        closeAll();
    }

    /** Closes everything opened so far, newest first: a test's "crash" of what it started. */
    public void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.remove(i).close();
        }
    }

    /** Closes {@code resource} after the test (or at {@link #closeAll}); returns it. */
    public <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    public KafkaClients clients() {
        return clients;
    }

    public RecordSender sender() {
        return sender;
    }

    /** This test's topics. */
    public Topics topics() {
        return topics;
    }
}
