package dev.kreboot.executor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.testing.SourceRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The domain stays pure: no framework, Kafka, Kubernetes client or HTTP imports, no wall clock, no sleeps. */
class DomainPurityTest {
    private static final Path DOMAIN = Path.of("src/main/java/dev/kreboot/executor/domain");
    private static final List<String> FORBIDDEN = List.of(
            "import io.micronaut", "import org.apache.kafka", "import io.fabric8", "import java.net.http",
            "import org.apache.avro", "Thread.sleep", "Instant.now()", "System.currentTimeMillis", "Clock.systemUTC");

    @Test
    void domainSourcesImportNoAdapterTechnology() {
        assertEquals(List.of(), SourceRules.violations(DOMAIN, SourceRules.containsAny(FORBIDDEN)));
    }
}
