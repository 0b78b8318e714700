package dev.kreboot.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.schemas.testing.SourceRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The domain stays pure: no framework, broker, cluster or HTTP code, no wall clock, no sleeps. The
 * plain core (domain, app, host, kafka) stays free of Micronaut, so the sandbox and the node agent
 * can wire it by hand.
 */
class DomainPurityTest {
    private static final Path MAIN = Path.of("src/main/java/dev/kreboot/sensor");
    // Matches imports and fully qualified uses alike.
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\bio\\.micronaut\\.|\\borg\\.apache\\.kafka\\.|\\bio\\.fabric8\\.|\\bjava\\.net\\.http\\."
                    + "|Instant\\.now\\(|System\\.currentTimeMillis\\(|Clock\\.system|Thread\\.sleep\\(");
    private static final List<String> PLAIN_PACKAGES = List.of("domain", "app", "host", "kafka");
    private static final Pattern MICRONAUT = Pattern.compile("\\bio\\.micronaut\\.|\\bjakarta\\.inject\\.");

    @Test
    void domainSourcesImportNoFrameworkAndReadNoClock() {
        assertEquals(List.of(), SourceRules.violations(MAIN.resolve("domain"), matches(FORBIDDEN)));
    }

    @Test
    void plainCoreNeedsNoMicronaut() {
        List<String> violations = new ArrayList<>();
        for (String pkg : PLAIN_PACKAGES) {
            violations.addAll(SourceRules.violations(MAIN.resolve(pkg), matches(MICRONAUT)));
        }
        assertEquals(List.of(), violations);
    }

    private static Predicate<String> matches(Pattern pattern) {
        return line -> pattern.matcher(line).find();
    }
}
