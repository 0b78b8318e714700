package dev.kreboot.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain stays pure: no framework, broker, cluster or HTTP client, no wall clock, no sleeps. */
class DomainPurityTest {
    private static final Path DOMAIN = Path.of("src/main/java/dev/kreboot/notifier/domain");
    private static final List<String> FORBIDDEN = List.of(
            "import io.micronaut", "import org.apache.kafka", "import io.fabric8", "import java.net.http",
            "import com.sun.net.httpserver", "Thread.sleep", "Instant.now()", "System.currentTimeMillis");

    @Test
    void domainSourcesImportNoFrameworkBrokerClusterOrHttpClient() throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(DOMAIN)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(sources.isEmpty(), "no sources found under " + DOMAIN.toAbsolutePath());
        for (Path source : sources) {
            String text = Files.readString(source);
            for (String forbidden : FORBIDDEN) {
                if (text.contains(forbidden)) {
                    violations.add(source.getFileName() + ": " + forbidden);
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
