package dev.kreboot.notifier.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Turns an environment variable such as {@code KREBOOT_NOTIFIER_ROUTES_OPS_URL_FILE} into its route
 * key ({@code kreboot.notifier.routes.ops.url-file}). Micronaut resolves fixed keys from environment
 * variables itself, but route keys are open-ended and its environment source lists raw variable
 * names, where an underscore may stand for a dot or a dash. The rules:
 * <ul>
 *   <li>the route name is the one word after {@code ROUTES_}, lower-cased (names with dashes or dots
 *       cannot be written as environment variables: use a properties file for those);</li>
 *   <li>the rest is a known sub-key with dashes ({@code URL_FILE}, {@code MIN_INTERVAL}, ...);</li>
 *   <li>{@code TEMPLATE_PROGRESS_DRAIN_FAILED} is {@code template.progress.DRAIN_FAILED},
 *       {@code TEMPLATE_DRAIN} the kured name {@code template.drain};</li>
 *   <li>{@code HEADERS_X_API_KEY} is the header {@code headers.X-Api-Key}.</li>
 * </ul>
 */
final class EnvRouteKeys {
    private static final String PREFIX = "KREBOOT_NOTIFIER_ROUTES_";

    private EnvRouteKeys() {
    }

    static Optional<String> translate(String variable) {
        if (!variable.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = variable.substring(PREFIX.length());
        int cut = rest.indexOf('_');
        if (cut <= 0 || cut == rest.length() - 1) {
            return Optional.empty();
        }
        String name = rest.substring(0, cut).toLowerCase(Locale.ROOT);
        String sub = rest.substring(cut + 1);
        String base = RouteSettings.PREFIX + name + ".";
        String dashed = sub.toLowerCase(Locale.ROOT).replace('_', '-');
        if (RouteSettings.SUB_KEYS.contains(dashed)) {
            return Optional.of(base + dashed);
        }
        if (sub.startsWith("TEMPLATE_")) {
            String type = sub.substring("TEMPLATE_".length());
            for (String category : new String[] {"PROGRESS_", "DECISION_"}) {
                if (type.startsWith(category)) {
                    return Optional.of(base + "template." + category.substring(0, category.length() - 1)
                            .toLowerCase(Locale.ROOT) + "." + type.substring(category.length()));
                }
            }
            return Optional.of(base + "template." + type.toLowerCase(Locale.ROOT));
        }
        if (sub.startsWith("HEADERS_")) {
            String header = sub.substring("HEADERS_".length());
            StringBuilder out = new StringBuilder();
            for (String word : header.split("_")) {
                if (!word.isEmpty()) {
                    out.append(out.length() == 0 ? "" : "-").append(word.charAt(0))
                            .append(word.substring(1).toLowerCase(Locale.ROOT));
                }
            }
            return Optional.of(base + "headers." + out);
        }
        // Unknown: keep it visible so validation names it rather than dropping it silently.
        return Optional.of(base + dashed);
    }
}
