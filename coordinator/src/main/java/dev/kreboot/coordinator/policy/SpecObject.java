package dev.kreboot.coordinator.policy;

import dev.kreboot.schemas.config.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One JSON object of a RebootPolicy spec together with the path that names it
 * ({@code spec.budgets[1]}), read by type. Every read that finds the wrong type or form throws an
 * {@link InvalidPolicyException} naming the field's full path, so the mapping code never spells a
 * path twice and every error reads the same way. An absent field yields the fallback the caller
 * gives (the built-in default, never the environment's).
 */
final class SpecObject {
    private final String path;
    private final Map<String, ?> values;

    private SpecObject(String path, Map<String, ?> values) {
        this.path = path;
        this.values = values;
    }

    /**
     * The object at {@code path}: null reads as an empty object; anything but an object with string
     * keys, or a key outside {@code fields}, is refused (the CRD schema prunes unknown fields, an
     * old CRD or a client that skips validation may not).
     */
    static SpecObject of(Object value, String path, Set<String> fields) {
        SpecObject object = new SpecObject(path, object(value, path));
        for (String key : object.values.keySet()) {
            if (!fields.contains(key)) {
                throw new InvalidPolicyException(object.path(key), "is not a RebootPolicy field (known: "
                        + new TreeSet<>(fields) + ")");
            }
        }
        return object;
    }

    /** This object's own path. */
    String path() {
        return path;
    }

    /** The path of one of its fields. */
    String path(String key) {
        return path + "." + key;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The nested object under {@code key}, checked against its own fields. */
    SpecObject child(String key, Set<String> fields) {
        return of(values.get(key), path(key), fields);
    }

    /** A string, or a whole number as its decimal text; stripped of surrounding white space. */
    String text(String key, String fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String text) {
            return text.strip();
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        throw new InvalidPolicyException(path(key), "must be a string"
                + (v instanceof Number ? " or a whole number" : "") + ", got " + v);
    }

    /** A JSON boolean; absent is false. */
    boolean bool(String key) {
        Object v = values.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new InvalidPolicyException(path(key), "must be true or false, got " + v);
    }

    /** A whole number from 0 to {@link Integer#MAX_VALUE}; absent is 0. */
    int nonNegative(String key) {
        Object v = values.get(key);
        if (v == null) {
            return 0;
        }
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0
                && ((Number) v).longValue() <= Integer.MAX_VALUE) {
            return ((Number) v).intValue();
        }
        throw new InvalidPolicyException(path(key), "must be a whole number of at least 0, got " + v);
    }

    /** A JSON array; absent is empty. */
    List<?> list(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw new InvalidPolicyException(path(key), "must be a list, got " + v);
    }

    /** A duration in the one syntax every kreboot setting takes ({@link Durations}). */
    Duration duration(String key, String fallback) {
        Object v = values.get(key);
        if (v != null && !(v instanceof String) && !(v instanceof Number)) {
            throw new InvalidPolicyException(path(key), "must be a duration such as 90s, 15m or 1h30m, got " + v);
        }
        String text = v == null ? fallback : String.valueOf(v);
        try {
            return Durations.parse(path(key), text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(path(key), "must be a duration such as 90s, 15m, 1h30m or 0, got '"
                    + text + "'", e);
        }
    }

    /** An http(s) URL, or "" when absent. */
    String url(String key) {
        String url = text(key, "");
        if (!url.isEmpty() && !url.matches("https?://[^\\s/?#]+.*")) {
            throw new InvalidPolicyException(path(key), "must be an http(s) URL such as "
                    + "http://prometheus.monitoring:9090, got '" + url + "'");
        }
        return url;
    }

    /** A list of ISO dates ({@code 2026-12-24}); the failing item is named by its index. */
    Set<LocalDate> dates(String key) {
        List<?> items = list(key);
        Set<LocalDate> dates = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                dates.add(LocalDate.parse(String.valueOf(items.get(i)).strip()));
            } catch (DateTimeException e) {
                throw new InvalidPolicyException(path(key) + "[" + i + "]", "must be a date like 2026-12-24, got '"
                        + items.get(i) + "'", e);
            }
        }
        return dates;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(Object v, String path) {
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw new InvalidPolicyException(path, "has a key that is not a string: " + k);
                }
            }
            return (Map<String, ?>) m;
        }
        throw new InvalidPolicyException(path, "must be an object, got " + v);
    }
}
