package dev.kreboot.notifier.config;

import dev.kreboot.notifier.domain.Destination;
import dev.kreboot.notifier.domain.DestinationUrls;
import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.domain.Templates;
import dev.kreboot.schemas.config.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One configured route, read from {@code kreboot.notifier.routes.<name>.*} (see the module README
 * for the table). The URL and tokens are secrets: they come from the value, or from a file
 * ({@code url-file}, {@code token-file}: a mounted Secret), or an environment variable through
 * Micronaut's mapping ({@code KREBOOT_NOTIFIER_ROUTES_OPS_URL}); only {@link #describe()} is logged.
 *
 * @param minInterval least time between two messages (Slack: 1 s per webhook by default)
 * @param slackApi the Web API base for a Slack bot route
 * @param grafanaTags tags added to every Grafana annotation
 */
public record RouteSettings(String name, Destination destination, EventFilter filter, Templates templates,
                            Duration minInterval, URI slackApi, List<String> grafanaTags, String dashboardUid) {
    public static final String PREFIX = "kreboot.notifier.routes.";
    public static final Duration SLACK_MIN_INTERVAL = Duration.ofSeconds(1);
    /** Default filter of a Grafana route: the events that open or close a region. */
    public static final String GRAFANA_EVENTS = "progress.CORDONED,progress.COMPLETED,progress.FAILED,progress.DRAIN_FAILED";
    static final Set<String> SUB_KEYS = Set.of("url", "url-file", "token", "token-file", "events", "nodes",
            "min-interval", "api-url", "tags", "dashboard-uid", "channel", "username");

    public RouteSettings {
        grafanaTags = List.copyOf(grafanaTags);
    }

    /** The names of the routes configured in {@code props}, sorted. */
    static Set<String> names(Map<String, String> props) {
        Set<String> names = new TreeSet<>();
        for (String key : props.keySet()) {
            if (key.startsWith(PREFIX)) {
                String rest = key.substring(PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        return names;
    }

    static RouteSettings from(String name, Map<String, String> props) {
        String base = PREFIX + name + ".";
        for (String key : props.keySet()) {
            if (key.startsWith(base)) {
                String sub = key.substring(base.length());
                if (!SUB_KEYS.contains(sub) && !sub.startsWith("template.") && !sub.startsWith("headers.")) {
                    throw new IllegalArgumentException(key + ": unknown route setting; known: " + new TreeSet<>(SUB_KEYS)
                            + ", template.<event type>, headers.<name>");
                }
            }
        }
        String url = secret(props, base + "url").orElseThrow(() ->
                new IllegalArgumentException(base + "url (or " + base + "url-file) is required for route " + name));
        Destination destination;
        try {
            destination = DestinationUrls.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(base + "url: route " + name + ": " + e.getMessage(), e);
        }
        Optional<String> token = secret(props, base + "token");
        destination = withOverrides(destination, token, text(props, base + "channel"), text(props, base + "username"));
        if (destination instanceof Destination.Generic generic) {
            Map<String, String> merged = new LinkedHashMap<>(generic.headers());
            merged.putAll(headers(name, props));
            destination = new Destination.Generic(generic.url(), merged);
        }
        EventFilter filter;
        try {
            String events = props.get(base + "events");
            if ((events == null || events.isBlank()) && destination instanceof Destination.Grafana) {
                // A Grafana route only draws regions: the other events would be skipped and counted as sent.
                events = GRAFANA_EVENTS;
            }
            filter = EventFilter.parse(events).withNodes(props.get(base + "nodes"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(base + "events: " + e.getMessage(), e);
        }
        Map<String, String> templateSources = new LinkedHashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(base + "template.") && value != null && !value.isBlank()) {
                templateSources.put(key.substring((base + "template.").length()), value);
            }
        });
        Templates templates;
        try {
            templates = Templates.of(templateSources);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(base + e.getMessage(), e);
        }
        boolean slack = destination instanceof Destination.SlackWebhook || destination instanceof Destination.SlackBot;
        Duration interval = text(props, base + "min-interval").map(v -> duration(base + "min-interval", v))
                .orElse(slack ? SLACK_MIN_INTERVAL : Duration.ZERO);
        URI api = text(props, base + "api-url").map(v -> httpUrl(base + "api-url", v))
                .orElse(URI.create("https://slack.com/api"));
        List<String> tags = text(props, base + "tags").map(v -> Arrays.stream(v.split(",")).map(String::strip)
                .filter(t -> !t.isEmpty()).toList()).orElse(List.of());
        return new RouteSettings(name, destination, filter, templates, interval, api, tags,
                text(props, base + "dashboard-uid").orElse(null));
    }

    private static Destination withOverrides(Destination destination, Optional<String> token, Optional<String> channel,
                                             Optional<String> username) {
        if (destination instanceof Destination.SlackWebhook hook) {
            return new Destination.SlackWebhook(hook.url(), username.orElse(hook.username()),
                    channel.orElse(hook.channel()));
        }
        if (destination instanceof Destination.SlackBot bot) {
            return new Destination.SlackBot(token.orElse(bot.token()), channel.orElse(bot.channel()),
                    username.orElse(bot.username()));
        }
        if (destination instanceof Destination.Grafana grafana) {
            return new Destination.Grafana(grafana.baseUrl(), token.orElse(grafana.token()));
        }
        return destination;
    }

    /** Extra headers for a generic route, {@code headers.<Name>}; merged over the URL's {@code @Name=value}. */
    static Map<String, String> headers(String name, Map<String, String> props) {
        String base = PREFIX + name + ".headers.";
        Map<String, String> headers = new LinkedHashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(base) && value != null) {
                headers.put(key.substring(base.length()), value.strip());
            }
        });
        return headers;
    }

    /** The value of {@code key}, or the content of the file named by {@code key-file}. */
    static Optional<String> secret(Map<String, String> props, String key) {
        Optional<String> direct = text(props, key);
        if (direct.isPresent()) {
            return direct;
        }
        Optional<String> file = text(props, key + "-file");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            String content = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                throw new IllegalArgumentException(key + "-file: the file is empty");
            }
            return Optional.of(content);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + "-file: cannot read " + file.get() + ": " + e.getClass().getSimpleName());
        }
    }

    private static Optional<String> text(Map<String, String> props, String key) {
        String value = props.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The notifier's historic syntax (days, a blank before the unit) on top of kured's and ISO-8601. */
    private static Duration duration(String key, String value) {
        return Durations.parseAllowingDays(key, value);
    }

    private static URI httpUrl(String key, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException(key + " must be an absolute http(s) URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a valid URL");
        }
    }

    /** For the effective-settings log line: no URL path, query or token. */
    public String describe() {
        return name + "=" + destination.describe() + " events=" + filter
                + (templates.isEmpty() ? "" : " templates=" + templates)
                + (minInterval.isZero() ? "" : " min-interval=" + minInterval)
                + (grafanaTags.isEmpty() ? "" : " tags=" + grafanaTags);
    }
}
