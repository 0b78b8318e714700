package dev.kreboot.notifier.config;

import dev.kreboot.notifier.domain.EventFilter;
import dev.kreboot.notifier.domain.RetryPolicy;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The notifier's configuration, typed and validated; every default lives here. Built from a flat
 * map ({@code kreboot.notifier.webhooks} style keys; the Micronaut shell reads them from the
 * environment, where {@code KREBOOT_NOTIFIER_WEBHOOKS} maps to that key). A missing or invalid value
 * fails with an {@link IllegalArgumentException} that names its key.
 *
 * <p>Routes come from three places, all merged: {@code kreboot.notifier.routes.<name>.*} (see
 * {@link RouteSettings}), the plain list {@code kreboot.notifier.webhooks} (routes {@code webhook-1},
 * {@code webhook-2}, ...), and kured's settings ({@code kreboot.notify-url} becomes route
 * {@code kured}, {@code kreboot.slack-hook-url} with {@code slack-username} and
 * {@code slack-channel} becomes {@code kured-slack}; kured's {@code message-template-drain},
 * {@code -reboot} and {@code -uncordon} apply to those two). kured's camel-case names
 * ({@code kreboot.notifyUrl}) are accepted too.
 *
 * <p>Webhook URLs are secrets (Slack and Teams put their tokens in the path): {@link #describe()}
 * shows only scheme, host and port.
 */
public record NotifierSettings(String cluster, String instance, String topicPrefix, String bootstrapServers,
                               boolean createTopics, String groupId, List<URI> webhooks, Duration webhookTimeout,
                               Duration initialBackoff, Duration maxBackoff, EventFilter events,
                               List<RouteSettings> routes, double backoffJitter, boolean durableState,
                               String stateTopic) {

    public static final String CLUSTER = "kreboot.cluster";
    public static final String INSTANCE = "kreboot.instance";
    public static final String TOPIC_PREFIX = "kreboot.topic-prefix";
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String CREATE_TOPICS = "kreboot.create-topics";
    public static final String GROUP_ID = "kreboot.notifier.group-id";
    public static final String WEBHOOKS = "kreboot.notifier.webhooks";
    public static final String WEBHOOK_TIMEOUT = "kreboot.notifier.webhook-timeout";
    public static final String INITIAL_BACKOFF = "kreboot.notifier.initial-backoff";
    public static final String MAX_BACKOFF = "kreboot.notifier.max-backoff";
    public static final String EVENTS = "kreboot.notifier.events";
    public static final String BACKOFF_JITTER = "kreboot.notifier.backoff-jitter";
    public static final String DURABLE_STATE = "kreboot.notifier.durable-state";
    public static final String STATE_TOPIC = "kreboot.notifier.state-topic";
    public static final String NOTIFY_URL = "kreboot.notify-url";
    public static final String SLACK_HOOK_URL = "kreboot.slack-hook-url";
    public static final String SLACK_USERNAME = "kreboot.slack-username";
    public static final String SLACK_CHANNEL = "kreboot.slack-channel";
    public static final String TEMPLATE_DRAIN = "kreboot.message-template-drain";
    public static final String TEMPLATE_REBOOT = "kreboot.message-template-reboot";
    public static final String TEMPLATE_UNCORDON = "kreboot.message-template-uncordon";

    /** Every fixed key this record reads (routes add {@code kreboot.notifier.routes.<name>.*}). */
    public static final List<String> KEYS = List.of(CLUSTER, INSTANCE, TOPIC_PREFIX, BOOTSTRAP_SERVERS, CREATE_TOPICS,
            GROUP_ID, WEBHOOKS, WEBHOOK_TIMEOUT, INITIAL_BACKOFF, MAX_BACKOFF, EVENTS, BACKOFF_JITTER, DURABLE_STATE,
            STATE_TOPIC, NOTIFY_URL, SLACK_HOOK_URL, SLACK_USERNAME, SLACK_CHANNEL, TEMPLATE_DRAIN, TEMPLATE_REBOOT,
            TEMPLATE_UNCORDON);
    /** kured's Helm value names for the keys above. */
    static final Map<String, String> KURED_NAMES = Map.of(
            "kreboot.notifyUrl", NOTIFY_URL, "kreboot.slackHookUrl", SLACK_HOOK_URL,
            "kreboot.slackUsername", SLACK_USERNAME, "kreboot.slackChannel", SLACK_CHANNEL,
            "kreboot.messageTemplateDrain", TEMPLATE_DRAIN, "kreboot.messageTemplateReboot", TEMPLATE_REBOOT,
            "kreboot.messageTemplateUncordon", TEMPLATE_UNCORDON);
    public static final double DEFAULT_BACKOFF_JITTER = 0.2;

    public static final String DEFAULT_GROUP_ID = "kreboot-notifier";
    public static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INITIAL_BACKOFF = RetryPolicy.DEFAULT_INITIAL;
    public static final Duration DEFAULT_MAX_BACKOFF = RetryPolicy.DEFAULT_MAX;

    public NotifierSettings {
        webhooks = List.copyOf(webhooks);
        routes = List.copyOf(routes);
    }

    /** Reads the settings; {@code kreboot.instance} falls back to the {@code HOSTNAME} environment variable. */
    public static NotifierSettings from(Map<String, String> props) {
        return from(props, System::getenv);
    }

    static NotifierSettings from(Map<String, String> given, Function<String, String> env) {
        Map<String, String> props = new HashMap<>(given);
        KURED_NAMES.forEach((camel, kebab) -> {
            if (props.get(kebab) == null && props.get(camel) != null) {
                props.put(kebab, props.get(camel));
            }
        });
        String cluster = required(props, CLUSTER);
        String instance = text(props, INSTANCE).orElse(null);
        if (instance == null) {
            String host = env.apply("HOSTNAME");
            instance = host == null || host.isBlank() ? "local" : host.strip();
        }
        String prefix = text(props, TOPIC_PREFIX).orElse("");
        Topics.withPrefix(prefix);
        String bootstrap = required(props, BOOTSTRAP_SERVERS);
        boolean createTopics = bool(props, CREATE_TOPICS, true);
        String groupId = text(props, GROUP_ID).orElse(DEFAULT_GROUP_ID);
        List<RouteSettings> routes = new ArrayList<>();
        for (String name : RouteSettings.names(props)) {
            routes.add(RouteSettings.from(name, props));
        }
        routes.addAll(kuredRoutes(props));
        String webhookList = text(props, WEBHOOKS).orElse(null);
        if (routes.isEmpty() && webhookList == null) {
            throw new IllegalArgumentException(WEBHOOKS + " is required (or " + RouteSettings.PREFIX + "<name>.url, "
                    + NOTIFY_URL + ", " + SLACK_HOOK_URL + ")");
        }
        List<URI> webhooks = webhookList == null ? List.of() : webhooks(webhookList);
        Duration timeout = duration(props, WEBHOOK_TIMEOUT, DEFAULT_WEBHOOK_TIMEOUT);
        Duration initial = duration(props, INITIAL_BACKOFF, DEFAULT_INITIAL_BACKOFF);
        Duration max = duration(props, MAX_BACKOFF, DEFAULT_MAX_BACKOFF);
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(MAX_BACKOFF + " (" + max + ") must not be shorter than "
                    + INITIAL_BACKOFF + " (" + initial + ")");
        }
        EventFilter events;
        try {
            events = EventFilter.parse(props.get(EVENTS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(EVENTS + ": " + e.getMessage(), e);
        }
        double jitter = text(props, BACKOFF_JITTER).map(v -> fraction(BACKOFF_JITTER, v)).orElse(DEFAULT_BACKOFF_JITTER);
        boolean durable = bool(props, DURABLE_STATE, true);
        String stateTopic = text(props, STATE_TOPIC).orElse(prefix + "kreboot.notifier-state");
        return new NotifierSettings(cluster, instance, prefix, bootstrap, createTopics, groupId, webhooks, timeout,
                initial, max, events, routes, jitter, durable, stateTopic);
    }

    /** kured's single notifier: {@code notify-url} (shoutrrr) and the older Slack flags, with kured's templates. */
    private static List<RouteSettings> kuredRoutes(Map<String, String> props) {
        List<RouteSettings> routes = new ArrayList<>();
        Map<String, String> mapped = new HashMap<>();
        text(props, TEMPLATE_DRAIN).ifPresent(t -> mapped.put("template.drain", t));
        text(props, TEMPLATE_REBOOT).ifPresent(t -> mapped.put("template.reboot", t));
        text(props, TEMPLATE_UNCORDON).ifPresent(t -> mapped.put("template.uncordon", t));
        RouteSettings.secret(props, NOTIFY_URL).ifPresent(url -> routes.add(kuredRoute("kured", NOTIFY_URL, url,
                mapped, Map.of())));
        RouteSettings.secret(props, SLACK_HOOK_URL).ifPresent(url -> {
            Map<String, String> slack = new HashMap<>();
            text(props, SLACK_USERNAME).ifPresent(u -> slack.put("username", u));
            text(props, SLACK_CHANNEL).ifPresent(c -> slack.put("channel", c));
            routes.add(kuredRoute("kured-slack", SLACK_HOOK_URL, url, mapped, slack));
        });
        return routes;
    }

    private static RouteSettings kuredRoute(String name, String key, String url, Map<String, String> templates,
                                            Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        String base = RouteSettings.PREFIX + name + ".";
        props.put(base + "url", url);
        templates.forEach((k, v) -> props.put(base + k, v));
        extra.forEach((k, v) -> props.put(base + k, v));
        try {
            return RouteSettings.from(name, props);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage().replace(base + "url: ", ""), e);
        }
    }

    private static double fraction(String key, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed >= 0 && parsed < 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a number in [0, 1), got: " + value);
    }

    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    public RetryPolicy retryPolicy() {
        return RetryPolicy.upTo(initialBackoff, maxBackoff).withJitter(backoffJitter);
    }

    /** The effective settings for the start-up log line, webhook URLs masked. */
    public String describe() {
        return CLUSTER + "=" + cluster + ", " + INSTANCE + "=" + instance + ", " + TOPIC_PREFIX + "=" + topicPrefix
                + ", " + BOOTSTRAP_SERVERS + "=" + bootstrapServers + ", " + CREATE_TOPICS + "=" + createTopics
                + ", " + GROUP_ID + "=" + groupId
                + ", " + WEBHOOKS + "=" + webhooks.stream().map(NotifierSettings::mask).collect(Collectors.joining(","))
                + ", " + WEBHOOK_TIMEOUT + "=" + webhookTimeout + ", " + INITIAL_BACKOFF + "=" + initialBackoff
                + ", " + MAX_BACKOFF + "=" + maxBackoff + ", " + EVENTS + "=" + events
                + ", " + BACKOFF_JITTER + "=" + backoffJitter + ", " + DURABLE_STATE + "=" + durableState
                + ", " + STATE_TOPIC + "=" + stateTopic
                + ", routes=[" + routes.stream().map(RouteSettings::describe).collect(Collectors.joining("; ")) + "]";
    }

    @Override
    public String toString() {
        return "NotifierSettings[" + describe() + "]";
    }

    /** {@code https://hooks.example.com/***}: the origin stays readable, path, query and user info do not. */
    static String mask(URI url) {
        String origin = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        boolean secret = url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")
                || url.getRawQuery() != null || url.getRawUserInfo() != null || url.getRawFragment() != null;
        return origin + (secret ? "/***" : "");
    }

    private static List<URI> webhooks(String value) {
        List<URI> urls = new ArrayList<>();
        int position = 0;
        for (String raw : value.split(",")) {
            position++;
            String text = raw.strip();
            if (text.isEmpty()) {
                continue;
            }
            URI url;
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                // The message of URISyntaxException quotes the URL: keep the secret out of the error.
                throw new IllegalArgumentException(WEBHOOKS + ": entry " + position + " is not a valid URL");
            }
            String scheme = url.getScheme();
            if (!url.isAbsolute() || url.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException(WEBHOOKS + ": entry " + position
                        + " must be an absolute http(s) URL with a host");
            }
            urls.add(url);
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(WEBHOOKS + " must list at least one http(s) URL");
        }
        return urls;
    }

    private static Optional<String> text(Map<String, String> props, String key) {
        String value = props.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static String required(Map<String, String> props, String key) {
        return text(props, key).orElseThrow(() -> new IllegalArgumentException(key + " is required"));
    }

    private static boolean bool(Map<String, String> props, String key, boolean fallback) {
        String value = text(props, key).orElse(null);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + " must be true or false, got: " + value);
    }

    private static Duration duration(Map<String, String> props, String key, Duration fallback) {
        String value = text(props, key).orElse(null);
        if (value == null) {
            return fallback;
        }
        Duration parsed = Durations.parseAllowingDays(key, value);
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, got: " + value);
        }
        return parsed;
    }
}
