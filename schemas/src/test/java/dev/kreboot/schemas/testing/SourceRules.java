package dev.kreboot.schemas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Source-level rules for the purity tests every module keeps (STYLE.md: a pure {@code domain}
 * package, enforced by a test). Each module states its own forbidden lines; this class only walks
 * the sources and reports, so the rule and its wording stay in the module that owns them.
 */
public final class SourceRules {
    private SourceRules() {
    }

    /**
     * Every line of the {@code .java} files under {@code dir} that {@code forbidden} matches, as
     * {@code "<file relative to dir>: <line>"}; empty when the sources keep the rule. A folder
     * with no sources fails (a moved package would otherwise pass silently).
     */
    public static List<String> violations(Path dir, Predicate<String> forbidden) {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.toAbsolutePath(), e);
        }
        if (sources.isEmpty()) {
            throw new AssertionError("no sources found under " + dir.toAbsolutePath());
        }
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            try {
                for (String line : Files.readAllLines(source)) {
                    if (forbidden.test(line)) {
                        violations.add(dir.relativize(source) + ": " + line.strip());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source.toAbsolutePath(), e);
            }
        }
        return violations;
    }

    /** A line containing any of {@code fragments}. */
    public static Predicate<String> containsAny(List<String> fragments) {
        return line -> fragments.stream().anyMatch(line::contains);
    }

    /** A line starting with any of {@code prefixes} (imports). */
    public static Predicate<String> startsWithAny(List<String> prefixes) {
        return line -> prefixes.stream().anyMatch(line::startsWith);
    }
}
