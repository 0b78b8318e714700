package dev.kreboot.notifier.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.testing.SourceRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The domain stays pure: no framework, broker, cluster or HTTP client, no wall clock, no sleeps. */
class DomainPurityTest {
    private static final Path DOMAIN = Path.of("src/main/java/dev/kreboot/notifier/domain");
    private static final List<String> FORBIDDEN = List.of(
            "import io.micronaut", "import org.apache.kafka", "import io.fabric8", "import java.net.http",
            "import com.sun.net.httpserver", "Thread.sleep", "Instant.now()", "System.currentTimeMillis");

    @Test
    void domainSourcesImportNoFrameworkBrokerClusterOrHttpClient() {
        assertEquals(List.of(), SourceRules.violations(DOMAIN, SourceRules.containsAny(FORBIDDEN)));
    }
}
