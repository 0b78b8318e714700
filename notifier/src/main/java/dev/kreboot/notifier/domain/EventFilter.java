package dev.kreboot.notifier.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which event types a route wants: a comma-separated list of {@code category.NAME} patterns where
 * {@code *} matches any run of characters ({@code progress.*}, {@code decision.SLOT_GRANTED},
 * {@code *.FAILED}); {@code *} or an empty spec means everything. Matching ignores case.
 *
 * <p>A pattern that matches no known type is refused when parsed: a typo such as
 * {@code decision.SLOT_GRANTD} would otherwise silently mute a route.
 *
 * <p>{@link #withNodes} narrows a filter to node names matching globs ({@code pool-a-*,db-0});
 * cluster-wide events (node {@code *}, such as a pause) still pass, as they concern every node.
 * Outcomes are event types ({@code *.FAILED}, {@code progress.COMPLETED}).
 */
public final class EventFilter {
    private static final EventFilter ALL = new EventFilter("*", List.of(Pattern.compile(".*")), "", List.of());

    private final String spec;
    private final List<Pattern> patterns;
    private final String nodeSpec;
    private final List<Pattern> nodes;

    private EventFilter(String spec, List<Pattern> patterns, String nodeSpec, List<Pattern> nodes) {
        this.spec = spec;
        this.patterns = List.copyOf(patterns);
        this.nodeSpec = nodeSpec;
        this.nodes = List.copyOf(nodes);
    }

    /** This filter, further limited to nodes whose names match one of the comma-separated globs; blank: any node. */
    public EventFilter withNodes(String globs) {
        if (globs == null || globs.isBlank() || globs.strip().equals("*")) {
            return new EventFilter(spec, patterns, "", List.of());
        }
        List<Pattern> nodePatterns = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (String raw : globs.split(",")) {
            if (!raw.isBlank()) {
                nodePatterns.add(glob(raw.strip()));
                parts.add(raw.strip());
            }
        }
        return new EventFilter(spec, patterns, String.join(",", parts), nodePatterns);
    }

    /** Whether the route wants this event: its type and, when nodes are configured, its node. */
    public boolean matches(Notification n) {
        if (!matches(n.type())) {
            return false;
        }
        String node = n.node();
        return nodes.isEmpty() || node == null || node.equals("*")
                || nodes.stream().anyMatch(p -> p.matcher(node).matches());
    }

    public static EventFilter all() {
        return ALL;
    }

    /** @throws IllegalArgumentException naming the offending pattern */
    public static EventFilter parse(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equals("*")) {
            return ALL;
        }
        List<Pattern> patterns = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String part = raw.strip();
            if (part.isEmpty()) {
                continue;
            }
            Pattern pattern = glob(part);
            if (EventType.all().stream().noneMatch(type -> pattern.matcher(type.toString()).matches())) {
                throw new IllegalArgumentException("event pattern '" + part + "' matches no event type; known types: "
                        + EventType.all());
            }
            patterns.add(pattern);
            parts.add(part);
        }
        if (patterns.isEmpty()) {
            return ALL;
        }
        return new EventFilter(String.join(",", parts), patterns, "", List.of());
    }

    public boolean matches(EventType type) {
        String name = type.toString();
        return patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    private static Pattern glob(String part) {
        String[] pieces = part.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(pieces[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    @Override
    public String toString() {
        return nodeSpec.isEmpty() ? spec : spec + " on nodes " + nodeSpec;
    }
}
