package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain stays pure: no framework, broker, cluster or HTTP imports (STYLE.md). */
class DomainPurityTest {
    private static final List<String> FORBIDDEN = List.of("import io.micronaut", "import org.apache.kafka",
            "import io.fabric8", "import java.net.http", "import dev.kreboot.schemas", "import org.apache.avro");

    @Test
    void domainImportsNoAdapterCode() throws IOException {
        Path domain = Path.of("src/main/java/dev/kreboot/coordinator/domain");
        try (Stream<Path> files = Files.walk(domain)) {
            List<String> violations = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> lines(p).stream().filter(l -> FORBIDDEN.stream().anyMatch(l::startsWith))
                            .map(l -> domain.relativize(p) + ": " + l))
                    .toList();
            assertEquals(List.of(), violations);
        }
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
