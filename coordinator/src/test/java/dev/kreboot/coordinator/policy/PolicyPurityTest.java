package dev.kreboot.coordinator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.testing.SourceRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spec mapping is pure like the domain: no framework, broker, cluster or HTTP imports. Of the
 * schemas module it may use only {@code dev.kreboot.schemas.config} (the one duration parser, plain
 * Java), not the wire format or the Kafka plumbing.
 */
class PolicyPurityTest {
    private static final String ALLOWED = "import dev.kreboot.schemas.config.";
    private static final List<String> FORBIDDEN = List.of("import io.micronaut", "import org.apache.kafka",
            "import io.fabric8", "import java.net.http", "import dev.kreboot.schemas", "import org.apache.avro");

    @Test
    void policyMappingImportsNoAdapterCode() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java/dev/kreboot/coordinator/policy"),
                SourceRules.startsWithAny(FORBIDDEN).and(line -> !line.startsWith(ALLOWED))));
    }
}
