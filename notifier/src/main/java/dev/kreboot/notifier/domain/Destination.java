package dev.kreboot.notifier.domain;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where a route sends, as parsed from its URL (a shoutrrr URL, as kured takes, or a plain
 * {@code https://} one). Every value here is a secret or holds one: {@link #describe()} is the only
 * form that may be logged.
 */
public sealed interface Destination {

    /** Kind for metrics and logs: {@code slack}, {@code slack-bot}, {@code teams}, {@code webhook}, {@code grafana}. */
    String kind();

    /** Loggable: kind and host, nothing that grants access. */
    String describe();

    /** A Slack incoming webhook ({@code https://hooks.slack.com/services/T/B/X}). */
    record SlackWebhook(URI url, String username, String channel) implements Destination {
        public SlackWebhook {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String kind() {
            return "slack";
        }

        @Override
        public String describe() {
            return "slack webhook " + url.getScheme() + "://" + url.getAuthority() + "/***";
        }
    }

    /** Slack's Web API with a bot token: {@code chat.postMessage} to a channel, a thread per reboot. */
    record SlackBot(String token, String channel, String username) implements Destination {
        public SlackBot {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public String kind() {
            return "slack-bot";
        }

        @Override
        public String describe() {
            return "slack bot token " + token.substring(0, Math.min(4, token.length())) + "*** to channel " + channel;
        }
    }

    /** A Microsoft Teams Workflows (or legacy connector) webhook. */
    record Teams(URI url) implements Destination {
        public Teams {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String kind() {
            return "teams";
        }

        @Override
        public String describe() {
            return "teams webhook " + url.getScheme() + "://" + url.getAuthority() + "/***";
        }
    }

    /** Any URL that takes kreboot's generic JSON, with extra headers (shoutrrr's {@code @Name=value}). */
    record Generic(URI url, Map<String, String> headers) implements Destination {
        public Generic {
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
        }

        @Override
        public String kind() {
            return "webhook";
        }

        @Override
        public String describe() {
            return "webhook " + url.getScheme() + "://" + url.getAuthority()
                    + (url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/") ? "" : "/***")
                    + (headers.isEmpty() ? "" : " with headers " + headers.keySet());
        }
    }

    /** A Grafana server's annotation API; the token is a service account token. */
    record Grafana(URI baseUrl, String token) implements Destination {
        public Grafana {
            Objects.requireNonNull(baseUrl, "baseUrl");
        }

        @Override
        public String kind() {
            return "grafana";
        }

        @Override
        public String describe() {
            return "grafana " + baseUrl.getScheme() + "://" + baseUrl.getAuthority()
                    + (token == null ? " without token" : " with token");
        }
    }
}
