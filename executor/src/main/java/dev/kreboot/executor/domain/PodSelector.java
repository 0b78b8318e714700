package dev.kreboot.executor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its string form, as kured's {@code --drain-pod-selector} (and
 * {@code kubectl drain --pod-selector}) takes it: requirements separated by commas, all of which
 * must hold: {@code key}, {@code !key}, {@code key=value}, {@code key==value}, {@code key!=value},
 * {@code key in (a,b)}, {@code key notin (a,b)}. The empty selector selects every pod.
 */
public final class PodSelector {
    private static final String KEY = "[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?";
    private static final String VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";
    private static final Pattern EXISTS = Pattern.compile("(!?)\\s*(" + KEY + ")");
    private static final Pattern EQUALS = Pattern.compile("(" + KEY + ")\\s*(==|!=|=)\\s*(" + VALUE + ")");
    private static final Pattern SET = Pattern.compile("(" + KEY + ")\\s+(in|notin)\\s*\\((.*)\\)");
    private static final Pattern SET_VALUE = Pattern.compile(VALUE);

    private static final PodSelector EVERYTHING = new PodSelector("", List.of());

    private enum Op { EXISTS, NOT_EXISTS, EQUALS, NOT_EQUALS, IN, NOT_IN }

    private record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (op) {
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
            };
        }
    }

    private final String text;
    private final List<Requirement> requirements;

    private PodSelector(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = List.copyOf(requirements);
    }

    public static PodSelector everything() {
        return EVERYTHING;
    }

    /** @throws IllegalArgumentException describing the first requirement that does not parse */
    public static PodSelector parse(String selector) {
        String text = selector == null ? "" : selector.trim();
        if (text.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : split(text)) {
            requirements.add(requirement(part.trim()));
        }
        return new PodSelector(text, requirements);
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(l));
    }

    public boolean selectsEverything() {
        return requirements.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    private static Requirement requirement(String part) {
        Matcher set = SET.matcher(part);
        if (set.matches()) {
            List<String> values = new ArrayList<>();
            for (String v : set.group(4).split(",")) {
                String value = v.trim();
                if (!SET_VALUE.matcher(value).matches()) {
                    throw new IllegalArgumentException("invalid value '" + value + "' in '" + part + "'");
                }
                values.add(value);
            }
            return new Requirement(set.group(1), "in".equals(set.group(3)) ? Op.IN : Op.NOT_IN, Set.copyOf(values));
        }
        Matcher equals = EQUALS.matcher(part);
        if (equals.matches()) {
            Op op = "!=".equals(equals.group(3)) ? Op.NOT_EQUALS : Op.EQUALS;
            return new Requirement(equals.group(1), op, Set.of(equals.group(4)));
        }
        Matcher exists = EXISTS.matcher(part);
        if (exists.matches()) {
            return new Requirement(exists.group(2), exists.group(1).isEmpty() ? Op.EXISTS : Op.NOT_EXISTS, Set.of());
        }
        throw new IllegalArgumentException("invalid requirement '" + part + "'");
    }

    /** Splits at commas outside parentheses: {@code a in (x,y),b} is two requirements. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        for (String part : parts) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty requirement in '" + text + "'");
            }
        }
        return parts;
    }
}
