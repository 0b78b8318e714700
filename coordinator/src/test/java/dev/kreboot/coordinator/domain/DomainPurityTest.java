package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.testing.SourceRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The domain stays pure: no framework, broker, cluster or HTTP imports (STYLE.md). */
class DomainPurityTest {
    private static final List<String> FORBIDDEN = List.of("import io.micronaut", "import org.apache.kafka",
            "import io.fabric8", "import java.net.http", "import dev.kreboot.schemas", "import org.apache.avro");

    @Test
    void domainImportsNoAdapterCode() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java/dev/kreboot/coordinator/domain"),
                SourceRules.startsWithAny(FORBIDDEN)));
    }
}
