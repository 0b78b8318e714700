package dev.kreboot.executor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.testing.TestBroker;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

    @Test
    void aMissingNodeNameFailsStartUpNamingTheKey() {
        Throwable failure = assertThrows(Throwable.class, () -> ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                "kreboot.cluster", "test")).close());

        assertTrue(messages(failure).contains("kreboot.node-name"), messages(failure));
    }

    @Test
    void aMissingBootstrapServerFailsStartUpNamingTheKey() {
        Throwable failure = assertThrows(Throwable.class, () -> ApplicationContext.run(Map.of(
                "kreboot.node-name", "node-a",
                "kreboot.cluster", "test")).close());

        assertTrue(messages(failure).contains("kafka.bootstrap.servers"), messages(failure));
    }

    @Test
    void anUnknownWireFormatFailsStartUpNamingTheKey() {
        Throwable failure = assertThrows(Throwable.class, () -> ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                "kreboot.node-name", "node-a",
                "kreboot.cluster", "test",
                "kreboot.create-topics", "false",
                "kreboot.wire-format", "bogus")).close());

        assertTrue(messages(failure).contains("kreboot.wire-format"), messages(failure));
    }

    @Test
    void aRegistryUrlThatIsNotAUrlFailsStartUpNamingTheKey() {
        Throwable failure = assertThrows(Throwable.class, () -> ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                "kreboot.node-name", "node-a",
                "kreboot.cluster", "test",
                "kreboot.create-topics", "false",
                "kreboot.wire-format", "registry",
                "kreboot.registry.url", "ftp://registry")).close());

        assertTrue(messages(failure).contains("kreboot.registry.url"), messages(failure));
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
