package dev.kreboot.agent.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain stays pure: no framework, Kafka, Kubernetes client or HTTP imports, no wall clock, no sleeps. */
class DomainPurityTest {
    private static final Path DOMAIN = Path.of("src/main/java/dev/kreboot/agent/domain");
    private static final List<String> FORBIDDEN = List.of(
            "import io.micronaut", "import org.apache.kafka", "import io.fabric8", "import java.net.http", "import com.sun.net.httpserver", "import io.micrometer",
            "import org.apache.avro", "Thread.sleep", "Instant.now()", "System.currentTimeMillis", "Clock.systemUTC");

    @Test
    void domainSourcesImportNoAdapterTechnology() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(DOMAIN)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(sources.isEmpty(), "no domain sources found under " + DOMAIN.toAbsolutePath());
        List<String> violations = sources.stream()
                .flatMap(file -> read(file).lines()
                        .filter(line -> FORBIDDEN.stream().anyMatch(line::contains))
                        .map(line -> DOMAIN.relativize(file) + ": " + line.trim()))
                .toList();
        assertEquals(List.of(), violations);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
