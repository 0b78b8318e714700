package dev.kreboot.executor.config;

import dev.kreboot.executor.domain.PodSelector;
import dev.kreboot.schemas.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads one typed value per key out of the flat property map for {@link ExecutorSettings#from}:
 * blank counts as unset, the default applies, and every refusal names the key and quotes the value,
 * so a bad setting is found from the start-up log alone. Kept apart from the settings record so that
 * the record shows what the executor can be told and this class how each kind of value is spelled.
 */
final class SettingsReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private final Map<String, String> p;

    SettingsReader(Map<String, String> props) {
        this.p = Objects.requireNonNull(props, "props");
    }

    String required(String key) {
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
        return value.trim();
    }

    String optional(String key, String fallback) {
        String value = p.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** The raw text of {@code key}, for messages about a value that parsed but is out of range. */
    String raw(String key) {
        return p.get(key);
    }

    Duration duration(String key, String fallback) {
        return Durations.parse(key, optional(key, fallback));
    }

    Duration positive(String key, String fallback) {
        Duration value = duration(key, fallback);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got: " + value);
        }
        return value;
    }

    Duration notNegative(String key, String fallback) {
        Duration value = duration(key, fallback);
        if (value.isNegative()) {
            throw new IllegalArgumentException(key + " must be >= 0, got: " + value);
        }
        return value;
    }

    int integer(String key, int fallback) {
        String value = optional(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got: '" + value + "'");
        }
    }

    boolean bool(String key, boolean fallback) {
        String value = optional(key, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got: '" + value + "'");
        };
    }

    PodSelector selector(String key) {
        try {
            return PodSelector.parse(optional(key, ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be a label selector such as 'app=web,tier!=db', "
                    + e.getMessage());
        }
    }

    ExecutorSettings.RebootMethod method(String key) {
        String value = optional(key, "command");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "command" -> ExecutorSettings.RebootMethod.COMMAND;
            case "signal" -> ExecutorSettings.RebootMethod.SIGNAL;
            default -> throw new IllegalArgumentException(key + " must be command or signal, got: '" + value + "'");
        };
    }

    /** kured's form: {@code key=value} pairs separated by commas. */
    Map<String, String> labels(String key) {
        String value = optional(key, "");
        Map<String, String> labels = new LinkedHashMap<>();
        if (value.isEmpty()) {
            return labels;
        }
        for (String pair : value.split(",")) {
            String item = pair.trim();
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : item.substring(0, eq).trim();
            String text = eq < 0 ? null : item.substring(eq + 1).trim();
            if (text == null || !qualifiedName(name) || !VALUE.matcher(text).matches()) {
                throw new IllegalArgumentException(key + " must be labels written key=value[,key=value], with Kubernetes label"
                        + " keys and values, got: '" + item + "'");
            }
            labels.put(name, text);
        }
        return labels;
    }

    /** A label key or taint key: an optional DNS-subdomain prefix and '/', then a name. */
    static boolean qualifiedName(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return NAME.matcher(key).matches();
        }
        return slash <= 253 && PREFIX.matcher(key.substring(0, slash)).matches()
                && NAME.matcher(key.substring(slash + 1)).matches();
    }
}
