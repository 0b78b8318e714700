package dev.kreboot.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain stays pure: no framework, broker, cluster or HTTP code, no wall clock, no sleeps. The
 * plain core (domain, app, host, kafka) stays free of Micronaut, so the sandbox can wire it by hand.
 */
class DomainPurityTest {
    private static final Path DOMAIN = Path.of("src/main/java/dev/kreboot/sensor/domain");
    // Matches imports and fully qualified uses alike.
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\bio\\.micronaut\\.|\\borg\\.apache\\.kafka\\.|\\bio\\.fabric8\\.|\\bjava\\.net\\.http\\."),
            Pattern.compile("Instant\\.now\\(|System\\.currentTimeMillis\\(|Clock\\.system|Thread\\.sleep\\("));

    private static final Path MAIN = Path.of("src/main/java/dev/kreboot/sensor");
    private static final List<String> PLAIN_PACKAGES = List.of("domain", "app", "host", "kafka");
    private static final Pattern MICRONAUT = Pattern.compile("\\bio\\.micronaut\\.|\\bjakarta\\.inject\\.");

    @Test
    void domainSourcesImportNoFrameworkAndReadNoClock() throws IOException {
        assertEquals(List.of(), violations(sources(DOMAIN), FORBIDDEN));
    }

    @Test
    void plainCoreNeedsNoMicronaut() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String pkg : PLAIN_PACKAGES) {
            sources.addAll(sources(MAIN.resolve(pkg)));
        }
        assertEquals(List.of(), violations(sources, List.of(MICRONAUT)));
    }

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> sources = files.filter(path -> path.toString().endsWith(".java")).toList();
            assertFalse(sources.isEmpty(), "no sources found under " + dir.toAbsolutePath());
            return sources;
        }
    }

    private static List<String> violations(List<Path> sources, List<Pattern> forbidden) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            String text = Files.readString(source);
            for (Pattern pattern : forbidden) {
                var matcher = pattern.matcher(text);
                if (matcher.find()) {
                    violations.add(source.getFileName() + ": " + matcher.group().strip());
                }
            }
        }
        return violations;
    }
}
