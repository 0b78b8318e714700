package dev.kreboot.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series names the services can export, derived from the sources: every constant
 * of {@code dev.kreboot.schemas.MetricNames} and of each module's {@code *Metrics} class, whose
 * Javadoc starts with the meter type (constants whose value is not a {@code kreboot.}/{@code kured_}
 * name, such as tag values, are skipped). Micrometer's Prometheus naming then applies: non-alphanumerics
 * become {@code _}, counters get {@code _total}, timers {@code _seconds_count}, {@code _sum} and
 * {@code _max} (no histogram buckets are configured), gauges keep their name.
 *
 * <p>The sources are read as text because this module must not depend on the services.
 */
final class ExportedMetrics {
    // A Javadoc comment directly followed by a String constant.
    private static final Pattern CONSTANT = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public static final String (\\w+)\\s*=\\s*([^;]+);", Pattern.DOTALL);
    private static final Pattern KIND = Pattern.compile("^[\\s*]*(Counter|Timer|Gauge)\\b");

    enum Kind { COUNTER, TIMER, GAUGE, UNKNOWN }

    record Meter(String source, String constant, String name, Kind kind) {
        String prometheusBase() {
            return name.replaceAll("[^a-zA-Z0-9_:]", "_");
        }

        List<String> series() {
            String base = prometheusBase();
            return switch (kind) {
                case COUNTER -> List.of(base.endsWith("_total") ? base : base + "_total");
                case TIMER -> List.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
                case GAUGE -> List.of(base);
                case UNKNOWN -> List.of(base, base + "_total", base + "_seconds_count", base + "_seconds_sum",
                        base + "_seconds_max");
            };
        }
    }

    private ExportedMetrics() {
    }

    static List<Path> sources(Path repo) {
        List<Path> files = new ArrayList<>();
        files.add(repo.resolve("schemas/src/main/java/dev/kreboot/schemas/MetricNames.java"));
        for (String module : List.of("node-sensor", "coordinator", "executor", "notifier")) {
            Path main = repo.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(main)) {
                walk.filter(p -> p.getFileName().toString().endsWith("Metrics.java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static List<Meter> meters(Path repo) {
        Map<String, String> metricNames = new HashMap<>();
        List<Meter> meters = new ArrayList<>();
        List<String[]> references = new ArrayList<>();
        for (Path file : sources(repo)) {
            String text = Chart.read(file);
            Matcher m = CONSTANT.matcher(text);
            while (m.find()) {
                String doc = m.group(1);
                String constant = m.group(2);
                String value = m.group(3).strip();
                Matcher kind = KIND.matcher(doc);
                Kind k = kind.find() ? Kind.valueOf(kind.group(1).toUpperCase(java.util.Locale.ROOT)) : Kind.UNKNOWN;
                String source = file.getFileName().toString();
                if (value.matches("\"(kreboot|kured)[._][^\"]*\"")) {
                    String name = value.substring(1, value.length() - 1);
                    if (source.equals("MetricNames.java")) {
                        metricNames.put(constant, name);
                    }
                    meters.add(new Meter(source, constant, name, k));
                } else if (value.startsWith("MetricNames.")) {
                    references.add(new String[] {source, constant, value.substring("MetricNames.".length()), k.name()});
                }
            }
        }
        for (String[] ref : references) {
            String name = metricNames.get(ref[2]);
            if (name == null) {
                throw new AssertionError(ref[0] + "." + ref[1] + " refers to unknown MetricNames." + ref[2]);
            }
            meters.add(new Meter(ref[0], ref[1], name, Kind.valueOf(ref[3])));
        }
        return meters;
    }

    static Set<String> seriesNames(Path repo) {
        Set<String> names = new TreeSet<>();
        meters(repo).forEach(m -> names.addAll(m.series()));
        return names;
    }

    // PromQL words that are not metric names.
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan");

    /**
     * The metric names a PromQL expression selects: strings, label matchers, ranges, grouping
     * clauses and Grafana variables are removed, an identifier followed by {@code (} is a function.
     */
    static Set<String> referencedMetrics(String expr) {
        String e = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\$\\{[^}]*}|\\$\\w+", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?").matcher(e);
        while (m.find()) {
            String word = m.group(1);
            boolean function = m.group(2) != null;
            if (function || KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))
                    || word.matches("\\d.*")) {
                continue;
            }
            // durations such as 5m were removed with the ranges; numbers never start with a letter.
            names.add(word);
        }
        return names;
    }
}
